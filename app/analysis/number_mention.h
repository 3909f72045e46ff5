// Numbers as they are written in filings and in generated text: "1,284.6", "1 284,6",
// "(822.1)", "13.3%", "9,6 %", "GBP 1.28 billion", "85 454 тыс. руб.", "$3.2bn".
// The figure checker compares what a report says with what its cited page says.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace perimeter::analysis {

struct NumberMention {
    size_t start = 0, end = 0;  // byte span in the text (the digits, sign and % sign)
    std::string text;           // as written
    double value = 0;           // parsed, before scale; always >= 0 (see negative)
    int decimals = 0;           // digits after the decimal separator as written
    bool negative = false;      // "-5" or "(5)"
    bool percent = false;       // followed by % or "per cent" / "процент"
    double scale = 1;           // from a following word: thousand/million/billion, тыс./млн/млрд, k/m/bn
    bool is_date = false;       // 31.12.2025, 2025-12-31: compared as text, not as a value
};

// Every number in `text`, in order. Digit groups separated by ',', '.', space, U+00A0,
// U+2009 or U+202F are one number when the groups after the first have exactly three digits.
std::vector<NumberMention> find_numbers(std::string_view text);

}  // namespace perimeter::analysis
