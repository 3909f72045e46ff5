// Image inputs (PNG, JPEG, TIFF with any number of pages) read with leptonica, one page at a
// time as 8-bit grey for OCR. Also the file-type sniffing that routes a file to PDF or image
// by its bytes, never by its name.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "docs-ingest/extracted_document.h"

struct Pix;

namespace perimeter::ingest {

enum class FileKind { Pdf, Png, Jpeg, Tiff, Unknown };

FileKind sniff_file_kind(const std::string& bytes);

class ImageSource {
public:
    // `bytes` must outlive the source. On failure returns null with err/why set.
    static std::unique_ptr<ImageSource> open(const std::string& bytes, FileKind kind, ExtractError* err,
                                             std::string* why);
    int page_count() const { return pages_; }
    // Page size in pixels and its resolution (dpi; 300 when the file does not say).
    bool page_header(int index, int* w, int* h, int* dpi) const;
    // Decodes page `index` (0-based) to 8-bit grey; null when it cannot be decoded.
    Pix* page_gray(int index) const;

private:
    ImageSource(const std::string& bytes, FileKind kind, int pages) : bytes_(bytes), kind_(kind), pages_(pages) {}
    const std::string& bytes_;
    FileKind kind_;
    int pages_;
};

}  // namespace perimeter::ingest
