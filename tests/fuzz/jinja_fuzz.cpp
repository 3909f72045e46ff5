// libFuzzer target for the chat-template interpreter (lexer, parser, evaluator, JSON input).
// Built with PERIMETER_FUZZ=ON (see jinja.cmake); seeds: corpus/jinja (real templates).
#include "tests/fuzz/jinja_fuzz_driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    perimeter::fuzz::jinja_fuzz_one(data, size);
    return 0;
}
