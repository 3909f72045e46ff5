#include "kernels/cpu_features.h"

#include <cpuid.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <utility>

namespace perimeter::kernels {
namespace {

bool os_saves_avx512() {
    // XGETBV(0): bits 1,2 (SSE, AVX) and 5,6,7 (opmask, ZMM_Hi256, Hi16_ZMM) must be enabled.
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (eax & 0xE6) == 0xE6;
}
bool os_saves_avx() {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (eax & 0x6) == 0x6;
}

// Physical cores among the CPUs we may run on: distinct (package, core id) pairs from sysfs.
int count_physical_cores(int logical) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return logical;
    std::set<std::pair<int, int>> cores;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &set)) continue;
        const std::string base = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
        std::ifstream core_f(base + "core_id"), pkg_f(base + "physical_package_id");
        int core = -1, pkg = 0;
        if (!(core_f >> core)) return logical;  // no topology: trust the logical count
        pkg_f >> pkg;
        cores.insert({pkg, core});
    }
    return cores.empty() ? logical : int(cores.size());
}

CpuFeatures detect() {
    CpuFeatures f;
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        const bool osxsave = c & (1u << 27);
        const bool avx = (c & (1u << 28)) && osxsave && os_saves_avx();
        f.fma = avx && (c & (1u << 12));
        f.f16c = avx && (c & (1u << 29));
        if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
            f.avx2 = avx && (b & (1u << 5));
            const bool z = avx && os_saves_avx512();
            f.avx512f = z && (b & (1u << 16));
            f.avx512dq = z && (b & (1u << 17));
            f.avx512bw = z && (b & (1u << 30));
            f.avx512vl = z && (b & (1u << 31));
            f.avx512vnni = z && (c & (1u << 11));
            if (__get_cpuid_count(7, 1, &a, &b, &c, &d)) {
                f.avxvnni = avx && (a & (1u << 4));
                f.avx512bf16 = z && (a & (1u << 5));
            }
        }
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    f.logical_cpus = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : int(sysconf(_SC_NPROCESSORS_ONLN));
    if (f.logical_cpus < 1) f.logical_cpus = 1;
    f.physical_cores = count_physical_cores(f.logical_cpus);
    return f;
}

KernelVariant initial_variant() {
    const char* env = std::getenv("PERIMETER_KERNELS");
    if (!env || !*env) return best_variant();
    const std::string s(env);
    KernelVariant want = best_variant();
    if (s == "scalar") want = KernelVariant::Scalar;
    else if (s == "avx2") want = KernelVariant::Avx2;
    else if (s == "avx512") want = KernelVariant::Avx512;
    else std::fprintf(stderr, "perimeter: PERIMETER_KERNELS=%s: expected scalar, avx2 or avx512\n", env);
    if (!variant_supported(want)) {
        std::fprintf(stderr, "perimeter: PERIMETER_KERNELS=%s: this CPU lacks it, using %s\n", env,
                     std::string(variant_name(best_variant())).c_str());
        return best_variant();
    }
    return want;
}

std::atomic<int>& current() {
    static std::atomic<int> v{static_cast<int>(initial_variant())};
    return v;
}

}  // namespace

const CpuFeatures& cpu_features() {
    static const CpuFeatures f = detect();
    return f;
}

std::string_view variant_name(KernelVariant v) {
    switch (v) {
        case KernelVariant::Scalar: return "scalar";
        case KernelVariant::Avx2: return "avx2";
        case KernelVariant::Avx512: return "avx512";
    }
    return "?";
}

bool variant_supported(KernelVariant v) {
    const auto& f = cpu_features();
    switch (v) {
        case KernelVariant::Scalar: return true;
        case KernelVariant::Avx2: return f.avx2 && f.fma && f.f16c;
        case KernelVariant::Avx512:
            return f.avx2 && f.fma && f.f16c && f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq && f.avx512vnni;
    }
    return false;
}

KernelVariant best_variant() {
    if (variant_supported(KernelVariant::Avx512)) return KernelVariant::Avx512;
    if (variant_supported(KernelVariant::Avx2)) return KernelVariant::Avx2;
    return KernelVariant::Scalar;
}

KernelVariant kernel_variant() { return static_cast<KernelVariant>(current().load(std::memory_order_relaxed)); }

bool set_kernel_variant(KernelVariant v) {
    if (!variant_supported(v)) return false;
    current().store(static_cast<int>(v));
    return true;
}

}  // namespace perimeter::kernels
