#include "docs-ingest/extract_client.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "docs-ingest/extract_wire.h"

extern char** environ;

namespace perimeter::ingest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The helper reads and writes its socket on this descriptor.
constexpr int kHelperFd = 3;

bool executable(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::string signal_name(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    default: return "signal " + std::to_string(sig);
    }
}

struct Fd {
    int fd = -1;
    ~Fd() { if (fd >= 0) ::close(fd); }
};

bool send_all(int fd, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        const ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        off += static_cast<size_t>(n);
    }
    return true;
}

// Waits for the helper to exit after its socket closed; kills it if it lingers.
int reap(pid_t pid, double grace_s) {
    const auto until = Clock::now() + std::chrono::duration<double>(grace_s);
    int status = 0;
    // Woken the moment it exits (a pidfd turns readable), not at the next 5 ms poll below.
    if (Fd pidfd{static_cast<int>(::syscall(SYS_pidfd_open, pid, 0))}; pidfd.fd >= 0) {
        pollfd pfd{pidfd.fd, POLLIN, 0};
        while (::poll(&pfd, 1, static_cast<int>(grace_s * 1000)) < 0 && errno == EINTR) {}
    }
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return status;
        if (r < 0 && errno != EINTR) return 0;  // ECHILD: someone else reaped it (SIGCHLD ignored)
        if (Clock::now() > until) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
            return status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

// The helpers' environment: ours, with OpenMP held to one thread per tesseract (we
// parallelise pages).
std::vector<std::string> helper_environment() {
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e)
        if (std::strncmp(*e, "OMP_THREAD_LIMIT=", 17) != 0) env.emplace_back(*e);
    env.emplace_back("OMP_THREAD_LIMIT=1");
    return env;
}

// Starts `helper mode kHelperFd` with `fd` as its descriptor kHelperFd, stdin/stdout (and
// stderr unless PERIMETER_EXTRACT_STDERR is set) on /dev/null. Returns 0 or an errno.
int spawn_helper(const std::string& helper, const char* mode, Fd& fd, const std::vector<std::string>& env, pid_t* pid) {
    if (fd.fd == kHelperFd) {  // dup2(3, 3) would keep FD_CLOEXEC set: move it first
        Fd moved{::fcntl(fd.fd, F_DUPFD_CLOEXEC, 10)};
        std::swap(moved.fd, fd.fd);
    }
    std::vector<std::string> env_store = env;
    std::vector<char*> envp;
    for (std::string& s : env_store) envp.push_back(s.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (!std::getenv("PERIMETER_EXTRACT_STDERR")) posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fd.fd, kHelperFd);
    std::string fd_arg = std::to_string(kHelperFd);
    std::string helper_arg = helper, mode_arg = mode;
    std::vector<char*> argv = {helper_arg.data(), mode_arg.data(), fd_arg.data(), nullptr};
    const int rc = ::posix_spawn(pid, helper.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

// A perimeter-extract started once in --zygote mode that forks a helper per document: a
// document then costs a fork of an idle, already linked process instead of an exec with the
// dynamic linking of poppler and its dependencies (3 ms of CPU a document, as much as
// extracting a short page). Isolation is the same: each document is parsed in a child of its
// own, a fresh copy of the idle zygote, and it is that child which crashes, hangs or is
// killed. One zygote per calling thread (extract_isolated may run on several at once), so
// its requests never interleave; it ends with the thread. Anything unexpected from it (it
// died, answered garbage) retires it, and that document falls back to a helper of its own.
class Zygote {
public:
    explicit Zygote(std::string helper) : helper_(std::move(helper)) {}
    ~Zygote() { stop(); }
    Zygote(const Zygote&) = delete;
    Zygote& operator=(const Zygote&) = delete;

    const std::string& helper() const { return helper_; }

    // Starts the zygote now (if it is not running) without waiting for it: the first request
    // queues in its socket until it is ready.
    void prestart(const std::vector<std::string>& env) {
        if (ctl_.fd < 0) start(env);
    }

    // A helper in protocol mode on the socket `fd` (which the caller closes), with `env`.
    // -1 when the zygote cannot give one.
    pid_t fork_helper(int fd, const std::vector<std::string>& env) {
        if (ctl_.fd < 0 && !start(env)) return -1;
        std::string block;
        for (const std::string& e : env) block.append(e).push_back('\0');
        block.push_back('\0');
        iovec iov{block.data(), block.size()};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
        ssize_t n;
        while ((n = ::sendmsg(ctl_.fd, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR) {}
        int answer[2];
        if (n != static_cast<ssize_t>(block.size()) || !receive(answer, 10.0) || answer[0] != 'P') {
            stop();
            return -1;
        }
        return answer[1] > 0 ? answer[1] : -1;  // a negative errno: its fork failed
    }

    // The wait status of the helper it forked last: waits up to grace_s, then kills the
    // helper (`kill_helper`) and waits for the zygote to see it end. 0 if the zygote is gone
    // (its helpers die with it: PR_SET_PDEATHSIG).
    int wait_helper(const std::function<void()>& kill_helper, double grace_s) {
        int answer[2];
        if (receive(answer, grace_s)) return answer[0] == 'S' ? answer[1] : 0;
        if (ctl_.fd >= 0) {  // only a timeout leaves it open
            kill_helper();
            if (receive(answer, 5.0) && answer[0] == 'S') return answer[1];
        }
        stop();
        return 0;
    }

private:
    bool start(const std::vector<std::string>& env) {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return false;
        Fd theirs{sv[1]};
        ctl_.fd = sv[0];
        if (spawn_helper(helper_, "--zygote", theirs, env, &pid_) != 0) {
            ::close(ctl_.fd);
            ctl_.fd = -1;
            pid_ = -1;
            return false;
        }
        return true;
    }

    // One answer (two ints) within timeout_s. False on timeout; on end of stream or garbage
    // the zygote is retired as well.
    bool receive(int (&answer)[2], double timeout_s) {
        if (ctl_.fd < 0) return false;
        const auto until = Clock::now() + std::chrono::duration<double>(timeout_s);
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
            if (left < 0) return false;
            pollfd pfd{ctl_.fd, POLLIN, 0};
            const int pr = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left, 1000)));
            if (pr < 0 && errno != EINTR) break;
            if (pr <= 0) continue;
            const ssize_t n = ::recv(ctl_.fd, answer, sizeof answer, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n == static_cast<ssize_t>(sizeof answer)) return true;
            break;
        }
        stop();
        return false;
    }

    void stop() {
        if (ctl_.fd >= 0) {
            ::close(ctl_.fd);  // the zygote reads the end of its requests and exits
            ctl_.fd = -1;
        }
        if (pid_ > 0) {
            reap(pid_, 2.0);
            pid_ = -1;
        }
    }

    std::string helper_;
    Fd ctl_;
    pid_t pid_ = -1;
};

// This thread's zygote for `helper` (replaced when the helper changes).
Zygote& thread_zygote(const std::string& helper) {
    thread_local std::unique_ptr<Zygote> zygote;
    if (!zygote || zygote->helper() != helper) zygote = std::make_unique<Zygote>(helper);
    return *zygote;
}

}  // namespace

std::string find_extract_helper(const ExtractOptions& opts) {
    if (!opts.helper_path.empty()) return executable(opts.helper_path) ? opts.helper_path : std::string();
    if (const char* env = std::getenv("PERIMETER_EXTRACT"); env && *env && executable(env)) return env;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    for (const fs::path& p : {self.parent_path() / "perimeter-extract", self.parent_path() / ".." / "bin" / "perimeter-extract"})
        if (executable(p)) return fs::weakly_canonical(p, ec).string();
    return {};
}

void prestart_isolated(const ExtractOptions& opts) {
    const std::string helper = find_extract_helper(opts);
    if (!helper.empty()) thread_zygote(helper).prestart(helper_environment());
}

ExtractedDocument extract_isolated(const std::string& path, const ExtractOptions& opts, const ProgressFn& progress,
                                   const std::atomic<bool>* cancel) {
    ExtractedDocument doc;
    doc.path = path;
    std::string label = fs::path(path).filename().string();
    if (label.empty()) label = path;
    auto fail = [&](ExtractError e, const std::string& why) {
        doc.error = e;
        doc.error_message = label + ": " + why;
        return doc;
    };

    const std::string helper = find_extract_helper(opts);
    if (helper.empty())
        return fail(ExtractError::Internal,
                    "extraction helper perimeter-extract not found (set PERIMETER_EXTRACT or ExtractOptions::helper_path)");

    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return fail(ExtractError::Internal, std::string("socketpair: ") + std::strerror(errno));
    Fd ours{sv[0]}, theirs{sv[1]};
    const std::vector<std::string> env = helper_environment();

    Zygote* zygote = &thread_zygote(helper);
    pid_t pid = zygote->fork_helper(theirs.fd, env);
    const bool forked = pid > 0;
    // A forked helper is the zygote's child, reaped by the zygote: its pid could be reused once
    // it ends, so it is signalled through a pidfd, taken while it surely lives (it is waiting
    // for the options we have not sent yet).
    Fd pidfd;
    if (forked) {
        pidfd.fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    } else {
        const int rc = spawn_helper(helper, "--fd", theirs, env, &pid);
        if (rc != 0) return fail(ExtractError::Internal, "cannot start " + helper + ": " + std::strerror(rc));
    }
    ::close(theirs.fd);
    theirs.fd = -1;
    const auto kill_pid = [&] {
        if (pidfd.fd >= 0) ::syscall(SYS_pidfd_send_signal, pidfd.fd, SIGKILL, nullptr, 0);
        else ::kill(pid, SIGKILL);  // our own child (or a kernel without pidfds)
    };

    const auto start = Clock::now();
    auto last_frame = start;
    ExtractError killed_for = ExtractError::None;
    std::string killed_why;
    auto kill_helper = [&](ExtractError e, std::string why) {
        kill_pid();
        killed_for = e;
        killed_why = std::move(why);
    };

    bool got_done = false, garbled = false;
    ExtractStatus status;
    if (!send_all(ours.fd, wire::frame(wire::FrameType::Options, wire::encode(opts, path)))) {
        // The helper died before reading its options; the exit status below says how.
    } else {
        wire::FrameReader reader;
        std::vector<char> buf(1 << 16);
        for (;;) {
            if (cancel && cancel->load()) { kill_helper(ExtractError::Cancelled, "cancelled"); break; }
            const auto now = Clock::now();
            const double total = std::chrono::duration<double>(now - start).count();
            const double idle = std::chrono::duration<double>(now - last_frame).count();
            if (opts.timeout_s > 0 && total > opts.timeout_s) {
                char why[96];
                std::snprintf(why, sizeof why, "extraction took longer than %.1f s (helper killed)", opts.timeout_s);
                kill_helper(ExtractError::Timeout, why);
                break;
            }
            if (opts.page_timeout_s > 0 && idle > opts.page_timeout_s) {
                char why[160];
                std::snprintf(why, sizeof why, "page %zu took longer than %.1f s (helper killed)", doc.pages.size() + 1,
                              opts.page_timeout_s);
                kill_helper(ExtractError::Timeout, why);
                break;
            }
            pollfd pfd{ours.fd, POLLIN, 0};
            const int pr = ::poll(&pfd, 1, 50);
            if (pr < 0 && errno != EINTR) break;
            if (pr <= 0) continue;
            const ssize_t n = ::recv(ours.fd, buf.data(), buf.size(), 0);
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0) break;  // helper closed its end: finished or died
            reader.feed(buf.data(), static_cast<size_t>(n));
            wire::FrameType type;
            std::string payload;
            while (reader.next(&type, &payload)) {
                last_frame = Clock::now();
                bool ok = false;
                if (type == wire::FrameType::Meta) {
                    ok = wire::decode(payload, &doc.meta);
                    if (ok && progress) progress(0, doc.meta.page_count);
                } else if (type == wire::FrameType::Page) {
                    ExtractedPage p;
                    ok = wire::decode(payload, &p);
                    if (ok) {
                        doc.pages.push_back(std::move(p));
                        if (progress) progress(static_cast<int>(doc.pages.size()), doc.meta.page_count);
                    }
                } else if (type == wire::FrameType::Done) {
                    ok = wire::decode(payload, &status);
                    got_done = ok;
                }
                if (!ok) { garbled = true; break; }
            }
            if (garbled || reader.bad()) { garbled = true; kill_helper(ExtractError::Internal, "helper sent malformed output"); break; }
            if (got_done) break;
        }
    }
    const double grace_s = killed_for != ExtractError::None ? 5.0 : 10.0;
    const int ws = forked ? zygote->wait_helper(kill_pid, grace_s) : reap(pid, grace_s);
    if (killed_for != ExtractError::None) return fail(killed_for, killed_why);
    if (WIFSIGNALED(ws) && !got_done) {
        const int sig = WTERMSIG(ws);
        std::string why = "the PDF parser crashed (" + signal_name(sig) + ") while reading page " +
                          std::to_string(doc.pages.size() + 1);
        if (sig == SIGKILL || sig == SIGABRT) why += " (or ran out of its memory limit)";
        return fail(ExtractError::ParserCrashed, why);
    }
    if (!got_done) {
        const int code = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
        return fail(code == 0 ? ExtractError::ParserCrashed : ExtractError::Internal,
                    "helper stopped without finishing (exit status " + std::to_string(code) + ")");
    }
    doc.error = status.error;
    doc.error_message = std::move(status.message);
    doc.warnings = std::move(status.warnings);
    return doc;
}

}  // namespace perimeter::ingest
