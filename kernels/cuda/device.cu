// Device discovery: cudaGetDeviceCount errors mean "not available", never a crash or a throw.
#include "kernels/cuda/device.h"

#include <cstdio>
#include <string>

#include "kernels/cuda/cuda_check.h"

namespace perimeter::kernels::cuda {
namespace {

constexpr int kMinMajor = 8;  // the oldest architecture this build has code for (sm_80)

struct Availability {
    bool ok = false;
    int count = 0;
    std::string reason;
};

std::string error_text(const char* call, cudaError_t err) {
    return std::string(call) + ": " + cudaGetErrorName(err) + ": " + cudaGetErrorString(err);
}

Availability probe() {
    Availability a;
    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
        // No driver, driver too old, no device: the runtime reports it here. Clear the sticky
        // last-error so later, unrelated checks do not see it.
        cudaGetLastError();
        a.reason = error_text("cudaGetDeviceCount", err);
        return a;
    }
    if (count <= 0) {
        a.reason = "cudaGetDeviceCount: no CUDA device";
        return a;
    }
    cudaDeviceProp prop{};
    if (const cudaError_t e = cudaGetDeviceProperties(&prop, 0); e != cudaSuccess) {
        cudaGetLastError();
        a.reason = error_text("cudaGetDeviceProperties", e);
        return a;
    }
    if (prop.major < kMinMajor) {
        a.reason = std::string("device 0 (") + prop.name + ") has compute capability " + std::to_string(prop.major) +
                   "." + std::to_string(prop.minor) + ", this build needs >= " + std::to_string(kMinMajor) + ".0";
        return a;
    }
    a.ok = true;
    a.count = count;
    return a;
}

const Availability& availability() {
    static const Availability a = probe();  // thread-safe, asked once
    return a;
}

}  // namespace

bool cuda_available() { return availability().ok; }

std::string cuda_unavailable_reason() { return availability().ok ? std::string() : availability().reason; }

int device_count() { return availability().count; }

DeviceInfo device_info(int device) {
    const Availability& a = availability();
    if (!a.ok) throw std::runtime_error("device_info: CUDA not available: " + a.reason);
    if (device < 0 || device >= a.count)
        throw std::runtime_error("device_info: device " + std::to_string(device) + " out of range [0, " +
                                 std::to_string(a.count) + ")");
    cudaDeviceProp prop{};
    CUDA_CHECK(cudaGetDeviceProperties(&prop, device));
    DeviceInfo d;
    d.index = device;
    d.name = prop.name;
    d.total_memory = prop.totalGlobalMem;
    d.cc_major = prop.major;
    d.cc_minor = prop.minor;
    d.multiprocessors = prop.multiProcessorCount;
    int current = 0;
    CUDA_CHECK(cudaGetDevice(&current));
    CUDA_CHECK(cudaSetDevice(device));
    size_t free_b = 0, total_b = 0;
    const cudaError_t err = cudaMemGetInfo(&free_b, &total_b);
    CUDA_CHECK(cudaSetDevice(current));
    CUDA_CHECK(err);
    d.free_memory = free_b;
    return d;
}

std::string describe(const DeviceInfo& d) {
    char buf[256];
    constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
    std::snprintf(buf, sizeof buf, "%s, cc %d.%d, %d SMs, %.1f GiB (%.1f GiB free)", d.name.c_str(), d.cc_major,
                  d.cc_minor, d.multiprocessors, double(d.total_memory) / kGiB, double(d.free_memory) / kGiB);
    return buf;
}

void synchronize() { CUDA_CHECK(cudaDeviceSynchronize()); }

}  // namespace perimeter::kernels::cuda
