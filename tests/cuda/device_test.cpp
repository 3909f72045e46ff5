// The CUDA device layer where there may be no GPU: asking is a clean answer, never a crash;
// errors name file, line and CUDA error; bad arguments are refused before the device is
// touched. Runs on every machine (here and in CI without a GPU, and on a GPU machine).
#include <gtest/gtest.h>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernels/cuda/cuda_buffer.h"
#include "kernels/cuda/cuda_check.h"
#include "kernels/cuda/cuda_ops.h"
#include "kernels/cuda/device.h"

namespace perimeter::kernels {
namespace {

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "<no exception>";
}

TEST(CudaDevice, AvailabilityIsAnAnswerNotACrash) {
    const bool available = cuda::cuda_available();
    EXPECT_EQ(cuda::cuda_available(), available);  // cached, stable
    if (!available) {
        // No driver or no GPU (this machine and CI): a reason, zero devices, clear errors.
        const std::string reason = cuda::cuda_unavailable_reason();
        EXPECT_FALSE(reason.empty());
        EXPECT_NE(reason.find("cuda"), std::string::npos) << reason;
        EXPECT_EQ(cuda::device_count(), 0);
        const std::string err = error_of([] { cuda::device_info(0); });
        EXPECT_NE(err.find("device_info: CUDA not available: " + reason), std::string::npos) << err;
        const std::string alloc = error_of([] { cuda::CudaBuffer b(1024); });
        EXPECT_NE(alloc.find("kernels/cuda/cuda_buffer.cpp:"), std::string::npos) << alloc;
        EXPECT_NE(alloc.find("cudaMalloc"), std::string::npos) << alloc;
        EXPECT_THROW(cuda::synchronize(), std::runtime_error);
        std::printf("CUDA not available here: %s\n", reason.c_str());
        return;
    }
    EXPECT_TRUE(cuda::cuda_unavailable_reason().empty());
    ASSERT_GE(cuda::device_count(), 1);
    const cuda::DeviceInfo d = cuda::device_info(0);
    EXPECT_FALSE(d.name.empty());
    EXPECT_GE(d.cc_major, 8);
    EXPECT_GT(d.total_memory, size_t(1) << 30);
    EXPECT_LE(d.free_memory, d.total_memory);
    EXPECT_GT(d.multiprocessors, 0);
    EXPECT_THROW(cuda::device_info(cuda::device_count()), std::runtime_error);
    std::printf("CUDA device 0: %s\n", cuda::describe(d).c_str());
}

TEST(CudaDevice, CudaCheckNamesFileLineAndError) {
    const int line = __LINE__ + 1;
    const std::string err = error_of([] { CUDA_CHECK(cudaErrorInvalidValue); });
    EXPECT_EQ(err.rfind("tests/cuda/device_test.cpp:" + std::to_string(line) + ": cudaErrorInvalidValue: ", 0), 0u)
        << err;
    EXPECT_NE(err.find("(cudaErrorInvalidValue)"), std::string::npos) << err;
}

TEST(CudaDevice, SupportedTypes) {
    for (TensorType t : {TensorType::F16, TensorType::BF16, TensorType::Q4_0, TensorType::Q4_1, TensorType::Q8_0,
                         TensorType::Q4_K, TensorType::Q6_K})
        EXPECT_TRUE(cuda::supports(t)) << uint32_t(t);
    for (TensorType t : {TensorType::F32, TensorType::Q5_0, TensorType::Q5_K, TensorType::Q2_K, TensorType::IQ2_XXS})
        EXPECT_FALSE(cuda::supports(t)) << uint32_t(t);
}

// Argument checks come before any CUDA call, so they hold with or without a GPU. The pointers
// are never dereferenced.
TEST(CudaDevice, BadArgumentsAreRefusedByName) {
    alignas(64) static uint8_t fake[4096];
    float* f = reinterpret_cast<float*>(fake);
    auto msg = [](auto&& fn) {
        try {
            fn();
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        } catch (const std::exception& e) {
            return "wrong exception type: " + std::string(e.what());
        }
        return std::string("<no exception>");
    };
    EXPECT_EQ(msg([&] { cuda::matmul(WeightView{TensorType::Q5_0, 64, 4, fake, 0}, f, 1, f); }),
              "cuda::matmul: type Q5_0 not supported (F16, BF16, Q4_0, Q4_1, Q8_0, Q4_K, Q6_K)");
    EXPECT_EQ(msg([&] { cuda::dequantize_rows(TensorType::Q4_K, fake, 0, 32, 1, f); }),
              "cuda::dequantize_rows: Q4_K rows of 32 elements, expected a positive multiple of 256");
    EXPECT_EQ(msg([&] { cuda::matmul(WeightView{TensorType::F16, 64, 4, fake + 2, 0}, f, 1, f); }),
              "cuda::matmul: F16 data and row stride must be 16-byte aligned");
    EXPECT_EQ(msg([&] { cuda::matmul(WeightView{TensorType::Q8_0, 64, 4, fake, 40}, f, 1, f); }),
              "cuda::matmul: row stride 40 bytes is less than a row (68)");
    EXPECT_EQ(msg([&] { cuda::matmul(WeightView{TensorType::Q8_0, 64, 4, nullptr, 0}, f, 1, f); }),
              "cuda::matmul: null pointer");
    EXPECT_EQ(msg([&] { cuda::rms_norm(f, nullptr, -1, 64, 1e-6f, f); }), "cuda::rms_norm: -1 rows of 64");
    EXPECT_EQ(msg([&] { cuda::softmax(f, 2, 0, f); }), "cuda::softmax: 2 rows of 0");
    EXPECT_EQ(msg([&] { cuda::rope(f, 1, 2, 0, 0, nullptr, RopeParams{}); }), "cuda::rope: 1 tokens x 2 heads of 0");
    EXPECT_EQ(msg([&] { cuda::swiglu(f, nullptr, 8, f); }), "cuda::swiglu: null pointer");
    // Empty work is no work (and no device call).
    EXPECT_NO_THROW(cuda::matmul(WeightView{TensorType::Q4_0, 64, 0, fake, 0}, f, 1, f));
    EXPECT_NO_THROW(cuda::dequantize_rows(TensorType::Q6_K, fake, 0, 256, 0, f));
}

TEST(CudaDevice, BufferRoundTrip) {
    if (!cuda::cuda_available())
        GTEST_SKIP() << "no usable CUDA device: " << cuda::cuda_unavailable_reason()
                     << " (runs on a GPU machine, see tests/cuda/README.md)";
    std::vector<uint8_t> host(1000), back(1000, 0xAA);
    for (size_t i = 0; i < host.size(); ++i) host[i] = uint8_t(i * 7 + 3);
    cuda::CudaBuffer b(1000);
    b.download(back.data(), back.size());
    EXPECT_EQ(back, std::vector<uint8_t>(1000, 0));  // zero-filled
    b.upload(host.data(), 600, 400);
    b.download(back.data(), 1000);
    EXPECT_EQ(std::memcmp(back.data() + 400, host.data(), 600), 0);
    EXPECT_EQ(back[399], 0);
    EXPECT_THROW(b.upload(host.data(), 601, 400), std::out_of_range);
    cuda::CudaBuffer moved = std::move(b);
    EXPECT_EQ(moved.bytes(), 1000u);
    EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
    auto c = cuda::CudaBuffer::from_host(host.data(), host.size());
    c.download(back.data(), back.size());
    EXPECT_EQ(back, host);
}

}  // namespace
}  // namespace perimeter::kernels
