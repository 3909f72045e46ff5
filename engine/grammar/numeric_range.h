// GBNF expressions for numbers within bounds, used by the JSON Schema compiler: the grammar
// itself keeps an integer in [minimum, maximum] (digit by digit, as llama.cpp's
// _generate_min_max_int) and a decimal number between decimal bounds, so a model cannot write
// 12 where the schema says at most 10. Unbounded sides are capped at max_int_digits digits.
#pragma once
#include <optional>
#include <string>

namespace perimeter::engine {

struct NumericGrammarLimits {
    int max_int_digits = 16;   // digits of the integer part (keeps a model from looping on digits)
    int max_frac_digits = 16;  // digits after the decimal point
};

// Integers in [min, max] (either side may be open), written as JSON writes them: no leading zeros,
// no "-0".
std::string integer_range_gbnf(std::optional<long long> min, std::optional<long long> max,
                               const NumericGrammarLimits& lim = {});

// Decimal numbers (optional fraction, no exponent) in [min, max]. The bounds are taken by their
// shortest decimal spelling (0.1 is "0.1"), so the grammar and a validator agree on the edges.
std::string decimal_range_gbnf(std::optional<double> min, std::optional<double> max,
                               const NumericGrammarLimits& lim = {});

}  // namespace perimeter::engine
