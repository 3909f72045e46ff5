# Chat-template (Jinja) fuzzing, included from tests/fuzz/CMakeLists.txt. The corpus regression
# test is tests/chat_template/corpus_test.cpp (normal build); the libFuzzer target and its 60 s
# CTest run exist only with PERIMETER_FUZZ=ON (clang):
#   cmake --preset fuzz && cmake --build build-fuzz --target jinja_fuzz && ctest --test-dir build-fuzz -R fuzz_jinja
if(PERIMETER_FUZZ)
  add_executable(jinja_fuzz ${CMAKE_CURRENT_LIST_DIR}/jinja_fuzz.cpp)
  target_compile_options(jinja_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(jinja_fuzz PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(jinja_fuzz PRIVATE perimeter_engine_chat perimeter_warnings)
  target_include_directories(jinja_fuzz PRIVATE ${PERIMETER_ROOT})
  set_target_properties(jinja_fuzz PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  # New inputs go to a work folder in the build tree; the committed seeds are only read.
  set(_jinja_work ${CMAKE_CURRENT_BINARY_DIR}/corpus-jinja)
  file(MAKE_DIRECTORY ${_jinja_work})
  add_test(NAME fuzz_jinja_60s
    COMMAND jinja_fuzz -max_total_time=60 -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1
            ${_jinja_work} ${CMAKE_CURRENT_LIST_DIR}/corpus/jinja)
  set_tests_properties(fuzz_jinja_60s PROPERTIES LABELS fuzz TIMEOUT 180
    ENVIRONMENT "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1;ASAN_OPTIONS=detect_leaks=1")
endif()
