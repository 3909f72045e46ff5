// CudaBuffer: owns one allocation of device memory (RAII, move-only). Plain C++.
//
// The memory is zero-filled on allocation (the engine's Backend::alloc contract). upload() and
// download() are synchronous: download() first waits for the ops enqueued before it (they run
// on the default stream), so reading a result back needs no separate synchronize().
#pragma once
#include <cstddef>

namespace perimeter::kernels::cuda {

class CudaBuffer {
public:
    CudaBuffer() = default;
    // Throws std::runtime_error (CUDA_CHECK) when CUDA is not available or the device is out of
    // memory: "cudaErrorMemoryAllocation: out of memory (cudaMalloc(&ptr_, bytes))".
    explicit CudaBuffer(size_t bytes);
    // A buffer holding a copy of `bytes` bytes of host memory.
    static CudaBuffer from_host(const void* host, size_t bytes);
    ~CudaBuffer();  // frees; never throws

    CudaBuffer(CudaBuffer&& other) noexcept;
    CudaBuffer& operator=(CudaBuffer&& other) noexcept;
    CudaBuffer(const CudaBuffer&) = delete;
    CudaBuffer& operator=(const CudaBuffer&) = delete;

    void* data() { return ptr_; }
    const void* data() const { return ptr_; }
    template <class T>
    T* as() { return static_cast<T*>(ptr_); }
    template <class T>
    const T* as() const { return static_cast<const T*>(ptr_); }
    size_t bytes() const { return bytes_; }
    bool empty() const { return bytes_ == 0; }

    // Host -> device, `bytes` bytes at byte `offset`. Throws std::out_of_range past the end.
    void upload(const void* host, size_t bytes, size_t offset = 0);
    // Device -> host, after the ops already enqueued have finished.
    void download(void* host, size_t bytes, size_t offset = 0) const;
    // Sets every byte to zero.
    void zero();

private:
    void check_range(const char* what, size_t bytes, size_t offset) const;
    void* ptr_ = nullptr;
    size_t bytes_ = 0;
};

}  // namespace perimeter::kernels::cuda
