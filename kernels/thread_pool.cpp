#include "kernels/thread_pool.h"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "kernels/cpu_features.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PERIMETER_PAUSE() _mm_pause()
#else
#define PERIMETER_PAUSE() ((void)0)
#endif

#ifdef PERIMETER_HAVE_OPENBLAS
#include <cstring>
#include <unistd.h>

extern "C" void openblas_set_num_threads(int);

// OpenBLAS (the pthread build) starts its worker threads in its library constructor, before
// main() and so before the openblas_set_num_threads(1) in ThreadPool; each then spins on
// sched_yield for ~0.1 s of wall time (its THREAD_TIMEOUT) in every process that links us: ~2.4%
// of an ingest's cycles, spent competing with the extraction for the cores. Its constructor reads
// OPENBLAS_NUM_THREADS, so the executable's pre-init hook (run before any library constructor)
// makes it read "1" - BLAS then never starts a thread, as ThreadPool wants anyway - and a normal
// constructor (run after every library's) puts the environment back as it was, so children and
// getenv() see what the user set. libc's own environment is not set up yet at pre-init (setenv
// would be lost), hence the edit of the envp array in place: the variable's slot if it is set,
// otherwise a harmless variable's slot borrowed and restored.
namespace {
char kOpenBlasOneThread[] = "OPENBLAS_NUM_THREADS=1";
char** g_env_slot = nullptr;
char* g_env_saved = nullptr;

void openblas_env_preinit(int, char**, char** envp) {
    if (!envp || !envp[0]) return;
    size_t i = 0;
    while (envp[i] && std::strncmp(envp[i], "OPENBLAS_NUM_THREADS=", 21) != 0) ++i;
    if (!envp[i]) {
        // Not set: borrow the slot of a variable no library constructor reads (the shell's
        // bookkeeping), else of the first one that is not a runtime's setting (OMP_*, GOMP_*,
        // LD_*, MALLOC_*, ... are read by libgomp, the loader and the allocators at start-up).
        static const char* const harmless[] = {"_=", "SHLVL=", "OLDPWD=", "PWD=", "TERM=", "HOSTNAME=", "COLORTERM="};
        static const char* const runtime[] = {"OMP_", "GOMP_", "KMP_", "LD_", "MALLOC_", "GLIBC_", "OPENBLAS_",
                                              "TCMALLOC_", "TESS", "QT_", "LC_", "LANG"};
        auto starts = [](const char* s, const char* p) { return std::strncmp(s, p, std::strlen(p)) == 0; };
        size_t pick = size_t(-1);
        for (const char* h : harmless)
            for (size_t k = 0; envp[k] && pick == size_t(-1); ++k)
                if (starts(envp[k], h)) pick = k;
        for (size_t k = 0; envp[k] && pick == size_t(-1); ++k) {
            bool rt = false;
            for (const char* r : runtime) rt = rt || starts(envp[k], r);
            if (!rt) pick = k;
        }
        if (pick == size_t(-1)) return;  // only runtime settings: leave them alone
        i = pick;
    }
    g_env_slot = &envp[i];
    g_env_saved = envp[i];
    envp[i] = kOpenBlasOneThread;
}
__attribute__((section(".preinit_array"), used)) void (*const kOpenBlasEnvPreinit)(int, char**, char**) =
    openblas_env_preinit;

__attribute__((constructor)) void openblas_env_restore() {
    if (!g_env_slot) return;
    // A library constructor may have copied the array (setenv): restore our entry there too.
    for (char** e = environ; e && *e; ++e)
        if (*e == kOpenBlasOneThread) *e = g_env_saved;
    *g_env_slot = g_env_saved;
    g_env_slot = nullptr;
}
}  // namespace
#endif

namespace perimeter::kernels {
namespace {
// How long a worker spins for the next op before it sleeps: the ops of a forward pass follow
// each other within microseconds, so spinning keeps the hand-off cheap; between tokens or
// requests the workers go to sleep and leave the cores alone. ~50k pauses is ~0.1-1 ms.
constexpr int kSpinIterations = 1 << 15;
}  // namespace

// ---- Scratch ----------------------------------------------------------------------------------

void* Scratch::get(int slot, size_t bytes) {
    if (slot < 0) return nullptr;
    if (size_t(slot) >= bufs_.size()) bufs_.resize(size_t(slot) + 1);
    Buf& b = bufs_[size_t(slot)];
    if (b.size < bytes) {
        std::free(b.p);
        // Grow with headroom so a slowly growing request (attention over a longer context)
        // does not reallocate every call.
        size_t want = bytes + bytes / 4;
        want = (want + 63) & ~size_t(63);
        b.p = std::aligned_alloc(64, want);
        if (!b.p) {
            b.size = 0;
            throw std::bad_alloc();
        }
        b.size = want;
    }
    return b.p;
}

Scratch::~Scratch() {
    for (auto& b : bufs_) std::free(b.p);
}

// ---- ThreadPool -------------------------------------------------------------------------------

ThreadPool::ThreadPool(int n_threads) {
#ifdef PERIMETER_HAVE_OPENBLAS
    openblas_set_num_threads(1);
#endif
    if (n_threads <= 0) n_threads = cpu_features().physical_cores;
    if (n_threads < 1) n_threads = 1;
    n_threads_ = n_threads;
    thread_scratch_ = std::make_unique<Scratch[]>(size_t(n_threads_));
    workers_.reserve(size_t(n_threads_ - 1));
    for (int t = 1; t < n_threads_; ++t) workers_.emplace_back([this, t] { worker_main(t); });
}

ThreadPool::~ThreadPool() {
    stop_.store(true, std::memory_order_release);
    generation_.fetch_add(1, std::memory_order_seq_cst);
    generation_.notify_all();
    for (auto& w : workers_) w.join();
}

namespace {
constexpr int kTaskBits = 20;  // up to ~1M tasks per parallel_for
constexpr uint64_t kTaskMask = (uint64_t(1) << kTaskBits) - 1;
inline uint64_t pack_job(uint32_t gen, int n_tasks) {
    return (uint64_t(gen & 0xFFFFFF) << (2 * kTaskBits)) | (uint64_t(n_tasks) << kTaskBits);
}
}  // namespace

// Claims and runs tasks of job `gen` until there are none left (or the job is another one).
void ThreadPool::run_tasks(int thread, uint32_t gen) {
    uint64_t v = job_.load(std::memory_order_acquire);
    for (;;) {
        if ((v >> (2 * kTaskBits)) != (gen & 0xFFFFFF)) return;  // a later job: ours is finished
        const int n = int((v >> kTaskBits) & kTaskMask), task = int(v & kTaskMask);
        if (task >= n) return;
        if (!job_.compare_exchange_weak(v, v + 1, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
        (*fn_)(task, thread);
        done_.fetch_add(1, std::memory_order_release);
        v = job_.load(std::memory_order_acquire);
    }
}

void ThreadPool::worker_main(int thread) {
    uint32_t seen = 0;
    for (;;) {
        uint32_t g = generation_.load(std::memory_order_acquire);
        for (int spin = 0; g == seen && spin < kSpinIterations; ++spin) {
            // Let another runnable thread (ours, on an oversubscribed machine) have the core now
            // and then; sched_yield returns at once when nobody else wants it.
            if ((spin & 1023) == 1023) std::this_thread::yield();
            else PERIMETER_PAUSE();
            g = generation_.load(std::memory_order_acquire);
        }
        if (g == seen) {
            // seq_cst pairs with parallel_for: either it sees us counted and wakes us, or our
            // wait() sees its new generation and returns at once.
            sleepers_.fetch_add(1, std::memory_order_seq_cst);
            while ((g = generation_.load(std::memory_order_seq_cst)) == seen) generation_.wait(seen, std::memory_order_seq_cst);
            sleepers_.fetch_sub(1, std::memory_order_relaxed);
        }
        seen = g;
        if (stop_.load(std::memory_order_acquire)) return;
        run_tasks(thread, g);
    }
}

void ThreadPool::parallel_for(int n_tasks, TaskFn fn) {
    if (n_tasks <= 0) return;
    if (n_tasks == 1 || n_threads_ == 1) {
        for (int t = 0; t < n_tasks; ++t) fn(t, 0);
        return;
    }
    if (uint64_t(n_tasks) > kTaskMask) {  // more tasks than the packed counter holds: chunk them
        const int chunk = int((uint64_t(n_tasks) + kTaskMask - 1) / kTaskMask);
        const int n_chunks = (n_tasks + chunk - 1) / chunk;
        parallel_for(n_chunks, [&](int c, int thread) {
            for (int t = c * chunk; t < std::min(n_tasks, (c + 1) * chunk); ++t) fn(t, thread);
        });
        return;
    }
    // No task of the previous job is running (we waited for all of them), so the job fields
    // can be rewritten; publishing job_ and then generation_ (release) hands them over.
    fn_ = &fn;
    done_.store(0, std::memory_order_relaxed);
    const uint32_t gen = generation_.load(std::memory_order_relaxed) + 1;
    job_.store(pack_job(gen, n_tasks), std::memory_order_release);
    generation_.store(gen, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) generation_.notify_all();  // else they spin
    run_tasks(0, gen);
    // Wait for tasks other threads are still running. Yield after a while: on an
    // oversubscribed machine the thread we wait for may need our core to finish.
    for (int spin = 0; done_.load(std::memory_order_acquire) != n_tasks; ++spin) {
        if (spin < 4096) PERIMETER_PAUSE();
        else std::this_thread::yield();
    }
}

}  // namespace perimeter::kernels
