// The CUDA device: is there one we can run on, and what is it. Plain C++ (no CUDA headers), so
// the engine can ask at load time and fall back to the CPU backend when the answer is no.
//
// "Available" means: the CUDA runtime finds a driver, the driver sees at least one device, and
// device 0 has compute capability >= 8.0 (this build carries code for sm_80 and sm_90, plus PTX
// that newer GPUs compile at load). Everything else - no driver installed, no GPU, a driver
// older than the runtime, an old GPU - is "not available", with the reason kept for messages.
// The question is asked once per process; asking never throws and never crashes.
#pragma once
#include <cstddef>
#include <string>

namespace perimeter::kernels::cuda {

struct DeviceInfo {
    int index = 0;
    std::string name;           // "NVIDIA H100 80GB HBM3"
    size_t total_memory = 0;    // bytes of device memory
    size_t free_memory = 0;     // bytes free when asked
    int cc_major = 0;           // compute capability, e.g. 9.0 for Hopper
    int cc_minor = 0;
    int multiprocessors = 0;    // SM count
};

// True when the kernels in kernels/cuda can run here (see above). Cached after the first call.
bool cuda_available();

// Why cuda_available() is false, e.g. "cudaGetDeviceCount: cudaErrorNoDevice: no CUDA-capable
// device is detected"; empty when it is true.
std::string cuda_unavailable_reason();

// Devices the driver sees (0 when not available).
int device_count();

// Name, memory and compute capability of a device. Throws std::runtime_error naming the
// reason when CUDA is not available or `device` is out of range.
DeviceInfo device_info(int device = 0);

// "NVIDIA H100 80GB HBM3, cc 9.0, 132 SMs, 79.1 GiB (78.5 GiB free)" for logs and `bench`.
std::string describe(const DeviceInfo& d);

// Waits until every op enqueued so far has finished. Throws std::runtime_error (CUDA_CHECK)
// when one of them failed, e.g. with an illegal address.
void synchronize();

}  // namespace perimeter::kernels::cuda
