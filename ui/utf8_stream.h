// Token pieces can end inside a UTF-8 character (a Cyrillic letter split over two tokens).
// Utf8Stream keeps the incomplete tail and hands out only whole characters.
#pragma once
#include <QString>
#include <string>
#include <string_view>

namespace perimeter::ui {

class Utf8Stream {
public:
    // Appends `piece`; returns the text that is now complete (possibly empty).
    QString push(std::string_view piece);
    // Whatever is left (invalid bytes become U+FFFD).
    QString flush();

private:
    std::string pending_;
};

}  // namespace perimeter::ui
