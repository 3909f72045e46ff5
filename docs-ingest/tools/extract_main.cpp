// perimeter-extract: the process that parses untrusted PDFs and images.
//
//   perimeter-extract --fd N          protocol mode (what extract_isolated() starts): reads one
//                                     Options frame from fd N, streams Meta/Page/Done frames back
//   perimeter-extract --zygote N      helper factory (extract_client.cpp says why): for each
//                                     request on fd N (environment + a socket) forks a helper
//                                     that runs protocol mode on that socket, answers its pid,
//                                     then its wait status
//   perimeter-extract [opts] FILE     prints the extracted pages (for people and benchmarks)
//       --threads N  --ocr auto|never|always  --password P  --dpi N  --quiet  --isolated
//
// Test hooks (protocol mode only, for the crash/hang paths of the client; documented in
// tests/extract): PERIMETER_EXTRACT_TEST_CRASH=<s> raises SIGSEGV and
// PERIMETER_EXTRACT_TEST_HANG=<s> sleeps forever, after the first page, when the file name
// contains <s>.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "docs-ingest/extract_client.h"
#include "docs-ingest/extract_wire.h"
#include "docs-ingest/extractor.h"
#include "docs-ingest/pdf_source.h"

using namespace perimeter::ingest;

namespace {

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

// The frames a helper has ready and not yet sent. A crash signal (poppler is the usual
// suspect) sends the complete frames first, then dies of the same signal.
class OutBox {
public:
    explicit OutBox(int fd) : fd_(fd) {
        pending_.reserve(kBatch + (64u << 10));
        g_box = this;
        static char alt[64 << 10];  // the handler must run after a stack overflow too
        stack_t ss{};
        ss.ss_sp = alt;
        ss.ss_size = sizeof alt;
        ::sigaltstack(&ss, nullptr);
        struct sigaction sa {};
        sa.sa_handler = on_crash;
        sa.sa_flags = SA_RESETHAND | SA_ONSTACK;
        sigemptyset(&sa.sa_mask);
        for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::sigaction(sig, &sa, nullptr);
    }

    void add(const std::string& frame) {
        stable_ = false;
        std::atomic_signal_fence(std::memory_order_seq_cst);
        pending_ += frame;
        std::atomic_signal_fence(std::memory_order_seq_cst);
        stable_ = true;
        if (pending_.size() >= kBatch || std::chrono::steady_clock::now() - last_ >= std::chrono::milliseconds(10))
            flush();
    }

    void flush() {
        if (!pending_.empty() && !send_all(fd_, pending_)) _exit(4);
        stable_ = false;
        std::atomic_signal_fence(std::memory_order_seq_cst);
        pending_.clear();
        std::atomic_signal_fence(std::memory_order_seq_cst);
        stable_ = true;
        last_ = std::chrono::steady_clock::now();
    }

private:
    static constexpr size_t kBatch = 512u << 10;
    static inline OutBox* g_box = nullptr;

    static void on_crash(int sig) {
        // send() is async-signal-safe; only whole frames, never a half-appended buffer.
        if (OutBox* b = g_box; b && b->stable_) {
            const char* p = b->pending_.data();
            size_t left = b->pending_.size();
            while (left > 0) {
                const ssize_t n = ::send(b->fd_, p, left, MSG_NOSIGNAL);
                if (n <= 0) break;
                p += n;
                left -= static_cast<size_t>(n);
            }
        }
        ::raise(sig);  // SA_RESETHAND restored the default action: dies of `sig`
    }

    int fd_;
    std::string pending_;
    volatile sig_atomic_t stable_ = true;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

bool name_has(const std::string& path, const char* env) {
    const char* marker = std::getenv(env);
    return marker && *marker && std::filesystem::path(path).filename().string().find(marker) != std::string::npos;
}

int protocol_mode(int fd) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the app died: stop working for nobody
    rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);

    wire::FrameReader reader;
    wire::FrameType type;
    std::string payload;
    char buf[4096];
    while (!reader.next(&type, &payload)) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || reader.bad()) return 2;
        reader.feed(buf, static_cast<size_t>(n));
    }
    ExtractOptions opts;
    std::string path;
    if (type != wire::FrameType::Options || !wire::decode(payload, &opts, &path)) return 3;
    if (opts.memory_limit_mb > 0) {
        const rlim_t bytes = static_cast<rlim_t>(opts.memory_limit_mb) << 20;
        rlimit as{bytes, bytes};
        ::setrlimit(RLIMIT_AS, &as);
    }
    const bool crash = name_has(path, "PERIMETER_EXTRACT_TEST_CRASH");
    const bool hang = name_has(path, "PERIMETER_EXTRACT_TEST_HANG");

    // Frames go out in batches (every 10 ms or 512 KiB, and at the end): one send per page woke
    // the app's reader thread ~1,000 times per 1,000 pages, a cross-CPU wake-up and two context
    // switches each (3,200 switches for the sec-10q filings against pdftotext's 200). Progress
    // still arrives every 10 ms; if poppler crashes, the signal handler first sends the pages
    // already done, so the app names the page that crashed.
    OutBox out(fd);
    ExtractEvents ev;
    ev.on_meta = [&](const DocumentMetadata& m) { out.add(wire::frame(wire::FrameType::Meta, wire::encode(m))); };
    ev.on_page = [&](ExtractedPage&& p) {
        out.add(wire::frame(wire::FrameType::Page, wire::encode(p)));
        if (crash) ::raise(SIGSEGV);
        if (hang) out.flush();
        while (hang) std::this_thread::sleep_for(std::chrono::seconds(1));
    };
    ExtractStatus st;
    try {
        st = extract_stream(path, opts, ev);
    } catch (const std::bad_alloc&) {
        st = {};
        st.error = ExtractError::ParserCrashed;
        st.message = std::filesystem::path(path).filename().string() + ": the parser ran out of memory (limit " +
                     std::to_string(opts.memory_limit_mb) + " MB)";
    } catch (const std::exception& e) {
        st = {};
        st.error = ExtractError::Internal;
        st.message = std::filesystem::path(path).filename().string() + ": " + e.what();
    }
    out.add(wire::frame(wire::FrameType::Done, wire::encode(st)));
    out.flush();
    _exit(0);  // skip library teardown: nothing left to flush, and hostile state may lurk there
}

// The zygote: a started, linked helper that starts no threads and forks one child per
// document, so a document costs a fork instead of an exec, the dynamic linking of poppler
// and poppler's global set-up (about 3.5 ms of CPU each). Each child is a fresh copy-on-write
// image of this idle process, which never opens a document: nothing of one document's parse
// is ever seen by another. Requests come in order (one document at a time per zygote); the
// answer to each is its child's pid, then its wait status.
int zygote_mode(int ctl) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // the app thread that started us is gone
    keep_poppler_loaded();
    std::vector<char> buf((1 << 20) + 1);
    for (;;) {
        iovec iov{buf.data(), buf.size() - 1};  // room for a terminating NUL
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        const ssize_t n = ::recvmsg(ctl, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) _exit(0);  // the app closed its end
        int fd = -1;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
        if (fd < 0 || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) _exit(5);
        buf[static_cast<size_t>(n)] = '\0';
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::close(ctl);
            // The request's environment is the app's at the time of the call (test hooks,
            // TESSDATA_PREFIX, ...), not the one this zygote was started with.
            ::clearenv();
            for (const char* e = buf.data(); e < buf.data() + n && *e; e += std::strlen(e) + 1) ::putenv(const_cast<char*>(e));
            _exit(protocol_mode(fd));
        }
        ::close(fd);
        int answer[2] = {'P', pid < 0 ? -errno : pid};
        if (::send(ctl, answer, sizeof answer, MSG_NOSIGNAL) != sizeof answer) _exit(0);
        if (pid < 0) continue;
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        answer[0] = 'S';
        answer[1] = status;
        if (::send(ctl, answer, sizeof answer, MSG_NOSIGNAL) != sizeof answer) _exit(0);
    }
}

int usage() {
    std::fprintf(stderr,
                 "usage: perimeter-extract [--threads N] [--ocr auto|never|always] [--password P] [--dpi N]\n"
                 "                         [--quiet] [--isolated] FILE...\n"
                 "       perimeter-extract --fd N   (protocol mode, started by the app)\n"
                 "       perimeter-extract --zygote N   (forks protocol-mode helpers, started by the app)\n");
    return 2;
}

const char* source_name(PageSource s) {
    return s == PageSource::TextLayer ? "text" : s == PageSource::Ocr ? "ocr" : "empty";
}

}  // namespace

int main(int argc, char** argv) {
    ExtractOptions opts;
    bool quiet = false, isolated = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
        if (a == "--fd") return protocol_mode(std::atoi(value().c_str()));
        else if (a == "--zygote") return zygote_mode(std::atoi(value().c_str()));
        else if (a == "--threads") opts.threads = std::max(1, std::atoi(value().c_str()));
        else if (a == "--password") opts.password = value();
        else if (a == "--dpi") opts.ocr_dpi = std::atoi(value().c_str());
        else if (a == "--quiet") quiet = true;
        else if (a == "--isolated") isolated = true;
        else if (a == "--ocr") {
            const std::string m = value();
            if (m == "auto") opts.ocr = OcrMode::Auto;
            else if (m == "never") opts.ocr = OcrMode::Never;
            else if (m == "always") opts.ocr = OcrMode::Always;
            else return usage();
        } else if (!a.empty() && a[0] == '-') return usage();
        else files.push_back(a);
    }
    if (files.empty()) return usage();
    int rc = 0;
    for (const std::string& f : files) {
        const ExtractedDocument d = isolated ? extract_isolated(f, opts) : extract_document(f, opts);
        if (d.error != ExtractError::None) {
            std::fprintf(stderr, "perimeter-extract: %s [%s]\n", d.error_message.c_str(), extract_error_name(d.error));
            rc = 1;
            continue;
        }
        for (const std::string& w : d.warnings) std::fprintf(stderr, "perimeter-extract: warning: %s\n", w.c_str());
        if (quiet) {
            std::printf("%s\t%zu pages\n", f.c_str(), d.pages.size());
            continue;
        }
        std::printf("# %s: %d pages, title \"%s\", author \"%s\", created %s\n", f.c_str(), d.meta.page_count,
                    d.meta.title.c_str(), d.meta.author.c_str(), d.meta.created.c_str());
        for (const ExtractedPage& p : d.pages) {
            std::printf("\f## page %d (%s", p.number, source_name(p.source));
            if (p.source == PageSource::Ocr) std::printf(", confidence %.0f, rotated %d", p.ocr_confidence, p.rotation);
            std::printf(", %zu words)\n%s\n", p.words.size(), p.text.c_str());
        }
    }
    return rc;
}
