// CudaBuffer: cudaMalloc / cudaFree with checked, synchronous copies.
#include "kernels/cuda/cuda_buffer.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "kernels/cuda/cuda_check.h"

namespace perimeter::kernels::cuda {

CudaBuffer::CudaBuffer(size_t bytes) {
    if (bytes == 0) return;
    CUDA_CHECK(cudaMalloc(&ptr_, bytes));
    bytes_ = bytes;
    zero();
}

CudaBuffer CudaBuffer::from_host(const void* host, size_t bytes) {
    CudaBuffer b(bytes);
    b.upload(host, bytes);
    return b;
}

CudaBuffer::~CudaBuffer() {
    if (ptr_) cudaFree(ptr_);  // an error here (a dead context) cannot be reported from a destructor
}

CudaBuffer::CudaBuffer(CudaBuffer&& other) noexcept
    : ptr_(std::exchange(other.ptr_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

CudaBuffer& CudaBuffer::operator=(CudaBuffer&& other) noexcept {
    if (this != &other) {
        if (ptr_) cudaFree(ptr_);
        ptr_ = std::exchange(other.ptr_, nullptr);
        bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
}

void CudaBuffer::check_range(const char* what, size_t bytes, size_t offset) const {
    if (offset > bytes_ || bytes > bytes_ - offset)
        throw std::out_of_range(std::string("CudaBuffer::") + what + ": " + std::to_string(bytes) + " bytes at offset " +
                                std::to_string(offset) + " past the end of a " + std::to_string(bytes_) + "-byte buffer");
}

void CudaBuffer::upload(const void* host, size_t bytes, size_t offset) {
    check_range("upload", bytes, offset);
    if (bytes == 0) return;
    CUDA_CHECK(cudaMemcpy(static_cast<char*>(ptr_) + offset, host, bytes, cudaMemcpyHostToDevice));
}

void CudaBuffer::download(void* host, size_t bytes, size_t offset) const {
    check_range("download", bytes, offset);
    if (bytes == 0) return;
    // cudaMemcpy on the legacy default stream waits for the kernels enqueued before it.
    CUDA_CHECK(cudaMemcpy(host, static_cast<const char*>(ptr_) + offset, bytes, cudaMemcpyDeviceToHost));
}

void CudaBuffer::zero() {
    if (bytes_ == 0) return;
    CUDA_CHECK(cudaMemset(ptr_, 0, bytes_));
}

}  // namespace perimeter::kernels::cuda
