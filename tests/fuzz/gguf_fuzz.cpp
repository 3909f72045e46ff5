// libFuzzer target for the GGUF reader and the model loader (built with PERIMETER_FUZZ=ON, the
// `fuzz` preset: clang, -fsanitize=fuzzer,address,undefined). Any crash, sanitizer report or
// exception other than GgufError is a bug.
//   build-fuzz/tests/gguf_fuzz -max_total_time=600 WORK_DIR tests/gguf/broken ~/.cache/perimeter/fuzz/gguf
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tests/fuzz/gguf_fuzz_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // An exact-size heap copy, so AddressSanitizer catches a read one byte past the end.
    std::vector<uint8_t> copy(data, data + size);
    perimeter::fuzz::run_gguf_input(copy.data(), copy.size());
    return 0;
}
