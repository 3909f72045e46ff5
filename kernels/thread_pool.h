// A persistent pool of worker threads, one per physical core, plus the reusable scratch memory
// of the ops that run on it. It is the CPU "compute context": every op in kernels/ops.h that
// can use several cores takes a ThreadPool&.
//
// parallel_for(n, fn) runs fn(task, thread) for task = 0..n-1 on all threads (the caller is
// thread 0 and works too) and returns when every task is done. Tasks are handed out in order
// from a shared counter, so a core that was slowed down (by another process, say) takes fewer
// tasks and both cores finish together. Workers spin for a short while after each op before
// they sleep on a futex, so the hand-off between the many small ops of a forward pass costs
// about a microsecond, not a thread wake-up.
//
// A pool runs one parallel_for at a time and is not re-entrant: call it from one thread (the
// engine's compute thread), never from inside a task.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace perimeter::kernels {

// A non-owning reference to a callable `void(int task, int thread)` (no allocation, unlike
// std::function). The callable must outlive the call it is passed to.
class TaskFn {
public:
    template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, TaskFn>>>
    TaskFn(F&& f)  // NOLINT(google-explicit-constructor): lambdas convert implicitly
        : obj_(const_cast<void*>(static_cast<const void*>(&f))),
          call_([](void* o, int task, int thread) { (*static_cast<std::remove_reference_t<F>*>(o))(task, thread); }) {}
    void operator()(int task, int thread) const { call_(obj_, task, thread); }

private:
    void* obj_;
    void (*call_)(void*, int, int);
};

// Grow-only scratch memory, 64-byte aligned. `get(slot, bytes)` returns the slot's buffer,
// reallocating only when a larger size is asked for; in the steady state of a forward pass no
// op allocates. Slots let one op hold several buffers at once (see kScratch* below).
class Scratch {
public:
    void* get(int slot, size_t bytes);
    ~Scratch();
    Scratch() = default;
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

private:
    struct Buf {
        void* p = nullptr;
        size_t size = 0;
    };
    std::vector<Buf> bufs_;
};

class ThreadPool {
public:
    // n_threads <= 0: the number of physical cores (cpu_features().physical_cores).
    // Also pins OpenBLAS to one thread, so that the pool alone owns the cores.
    explicit ThreadPool(int n_threads = 0);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return n_threads_; }

    // Runs fn(task, thread) for every task in [0, n_tasks); thread in [0, size()).
    // n_tasks <= 1 (or a one-thread pool) runs inline on the caller.
    void parallel_for(int n_tasks, TaskFn fn);

    // Shared scratch for ops (used only by the calling thread between parallel_for calls, or
    // read-only by the tasks), and per-thread scratch for use inside tasks.
    Scratch& scratch() { return scratch_; }
    Scratch& thread_scratch(int thread) { return thread_scratch_[size_t(thread)]; }

private:
    void worker_main(int thread);
    void run_tasks(int thread, uint32_t gen);

    int n_threads_ = 1;
    std::vector<std::thread> workers_;
    // The current job. `job_` packs (generation:24 | n_tasks:20 | next task:20) into one word, so
    // that a worker claims a task of exactly the job it saw, whatever happened while it was
    // descheduled. `done_` counts finished tasks: the caller waits for the tasks, never for a
    // worker that has not started (a worker preempted before its first claim delays nothing).
    alignas(64) std::atomic<uint64_t> job_{0};
    alignas(64) std::atomic<uint32_t> generation_{0};  // bumped per job; workers wait on it
    alignas(64) std::atomic<int> done_{0};
    alignas(64) std::atomic<int> sleepers_{0};  // workers blocked in generation_.wait()
    const TaskFn* fn_ = nullptr;
    std::atomic<bool> stop_{false};
    Scratch scratch_;
    std::unique_ptr<Scratch[]> thread_scratch_;
};

// Scratch slots used by the ops (one op at a time per pool, so ops may reuse each other's).
enum ScratchSlot : int {
    kScratchActivations = 0,  // matmul: quantized activations
    kScratchTemp = 1,         // op-local temporaries
    kScratchTemp2 = 2,
};

}  // namespace perimeter::kernels
