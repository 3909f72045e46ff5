// SHA-256 of a file's bytes: how the store tells an unchanged file (no-op) from a changed one.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace perimeter::ingest {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    std::array<uint8_t, 32> finish();
    std::string finish_hex();

private:
    void blocks(const uint8_t* p, size_t n);  // n whole 64-byte blocks
    uint32_t h_[8];
    uint8_t buf_[64];
    size_t buf_len_ = 0;
    uint64_t total_ = 0;
};

std::string sha256_hex(std::string_view data);
// Throws std::runtime_error naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace perimeter::ingest
