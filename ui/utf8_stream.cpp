#include "ui/utf8_stream.h"

namespace perimeter::ui {

namespace {

// Length of the UTF-8 sequence that `lead` starts (1 for ASCII and for stray bytes).
size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;
}

}  // namespace

QString Utf8Stream::push(std::string_view piece) {
    pending_.append(piece);
    const size_t n = pending_.size();
    size_t i = n;
    // Walk back over continuation bytes (at most 3) to the last lead byte.
    while (i > 0 && n - i < 4 && (static_cast<unsigned char>(pending_[i - 1]) & 0xC0) == 0x80) --i;
    size_t cut = n;
    if (i > 0) {
        const size_t lead = i - 1;
        if (lead + sequence_length(static_cast<unsigned char>(pending_[lead])) > n) cut = lead;
    }
    QString out = QString::fromUtf8(pending_.data(), static_cast<qsizetype>(cut));
    pending_.erase(0, cut);
    return out;
}

QString Utf8Stream::flush() {
    QString out = QString::fromUtf8(pending_.data(), static_cast<qsizetype>(pending_.size()));
    pending_.clear();
    return out;
}

}  // namespace perimeter::ui
