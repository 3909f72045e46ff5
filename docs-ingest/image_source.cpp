#include "docs-ingest/image_source.h"

#include <leptonica/allheaders.h>

#include <cstdio>
#include <cstring>

namespace perimeter::ingest {
namespace {

const l_uint8* data(const std::string& s) { return reinterpret_cast<const l_uint8*>(s.data()); }

int sane_dpi(int res) { return (res >= 70 && res <= 1200) ? res : 300; }

}  // namespace

FileKind sniff_file_kind(const std::string& b) {
    // PDF readers accept the header anywhere in the first KiB (some files have junk before it).
    const size_t head = std::min<size_t>(b.size(), 1024);
    if (std::string_view(b.data(), head).find("%PDF-") != std::string_view::npos) return FileKind::Pdf;
    if (b.size() >= 8 && std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) == 0) return FileKind::Png;
    if (b.size() >= 3 && std::memcmp(b.data(), "\xFF\xD8\xFF", 3) == 0) return FileKind::Jpeg;
    if (b.size() >= 4 && (std::memcmp(b.data(), "II*\0", 4) == 0 || std::memcmp(b.data(), "MM\0*", 4) == 0))
        return FileKind::Tiff;
    return FileKind::Unknown;
}

std::unique_ptr<ImageSource> ImageSource::open(const std::string& bytes, FileKind kind, ExtractError* err,
                                               std::string* why) {
    int pages = 1;
    if (kind == FileKind::Tiff) {
        FILE* f = fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
        l_int32 n = 0;
        if (!f || tiffGetCount(f, &n) != 0 || n <= 0) {
            if (f) fclose(f);
            *err = ExtractError::Corrupt;
            *why = "damaged TIFF image (no readable pages)";
            return nullptr;
        }
        fclose(f);
        pages = n;
    }
    std::unique_ptr<ImageSource> src(new ImageSource(bytes, kind, pages));
    int w = 0, h = 0, dpi = 0;
    if (!src->page_header(0, &w, &h, &dpi)) {
        *err = ExtractError::Corrupt;
        *why = "damaged image (cannot read its header)";
        return nullptr;
    }
    return src;
}

bool ImageSource::page_header(int index, int* w, int* h, int* dpi) const {
    l_int32 pw = 0, ph = 0, bps = 0, spp = 0, cmap = 0, format = 0, res = 0;
    if (kind_ == FileKind::Tiff) {
        if (readHeaderMemTiff(data(bytes_), bytes_.size(), index, &pw, &ph, &bps, &spp, &res, &cmap, &format) != 0)
            return false;
    } else {
        if (pixReadHeaderMem(data(bytes_), bytes_.size(), &format, &pw, &ph, &bps, &spp, &cmap) != 0) return false;
    }
    if (pw <= 0 || ph <= 0) return false;
    *w = pw;
    *h = ph;
    *dpi = sane_dpi(res);
    return true;
}

Pix* ImageSource::page_gray(int index) const {
    Pix* pix = kind_ == FileKind::Tiff ? pixReadMemTiff(data(bytes_), bytes_.size(), index)
                                       : pixReadMem(data(bytes_), bytes_.size());
    if (!pix) return nullptr;
    const int res = sane_dpi(pixGetXRes(pix));
    Pix* gray = pixConvertTo8(pix, 0);
    pixDestroy(&pix);
    if (gray) pixSetResolution(gray, res, res);
    return gray;
}

}  // namespace perimeter::ingest
