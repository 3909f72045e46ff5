// CPU feature detection (cpuid), done once, and the kernel variant chosen from it.
//
// The variant is the widest instruction set both the CPU and the build support:
//   Avx512  AVX-512 F/BW/VL/DQ + VNNI (Zen 4/5, Ice Lake and later)
//   Avx2    AVX2 + FMA + F16C
//   Scalar  the portable reference kernels
// PERIMETER_KERNELS=scalar|avx2|avx512 in the environment forces a variant (never one the CPU
// lacks: asking for more than it has falls back with a warning on stderr). Tests use it, and
// set_kernel_variant(), to compare each variant with the scalar reference.
#pragma once
#include <string_view>

namespace perimeter::kernels {

struct CpuFeatures {
    bool avx2 = false;
    bool fma = false;
    bool f16c = false;
    bool avx512f = false;
    bool avx512bw = false;
    bool avx512vl = false;
    bool avx512dq = false;
    bool avx512vnni = false;
    bool avx512bf16 = false;
    bool avxvnni = false;       // 256-bit VEX VNNI (Alder Lake, Zen 5)
    int logical_cpus = 1;       // online CPUs this process may run on
    int physical_cores = 1;     // distinct cores among them (SMT siblings counted once)
};

const CpuFeatures& cpu_features();

enum class KernelVariant : int { Scalar = 0, Avx2 = 1, Avx512 = 2 };

std::string_view variant_name(KernelVariant v);
// The best variant this CPU supports.
KernelVariant best_variant();
// Whether this CPU can run `v`.
bool variant_supported(KernelVariant v);

// The variant in use: chosen once (PERIMETER_KERNELS, else best_variant()).
KernelVariant kernel_variant();
// Switches the variant (tests and benchmarks). Returns false, changing nothing, if the CPU
// cannot run it. Not thread-safe with respect to kernels running at the same time.
bool set_kernel_variant(KernelVariant v);

}  // namespace perimeter::kernels
