// UTF-8 and the few Unicode properties that Python's str methods use (whitespace, case,
// printability). Templates and chat messages are UTF-8; the interpreter works on bytes and
// decodes code points only where Python semantics count characters (len, slicing, case).
//
// Case mapping covers Latin (ASCII, Latin-1, Extended-A, Extended Additional), Greek,
// Cyrillic, Armenian and fullwidth Latin; other scripts are left unchanged (as Python does
// for caseless scripts such as CJK). "ß".upper() gives "SS" as in Python.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace perimeter::engine::unicode {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool valid_utf8(std::string_view s);
// Decodes the code point at s[i] and advances i. `s` must be valid UTF-8.
char32_t next_cp(std::string_view s, size_t& i);
void append_utf8(std::string& out, char32_t cp);
std::u32string to_u32(std::string_view s);
std::string from_u32(std::u32string_view s);
size_t cp_count(std::string_view s);

// Python's str.isspace().
bool is_space(char32_t c);
// Python's str.isprintable() for one character (used by repr()).
bool is_printable(char32_t c);
bool is_digit(char32_t c);
char32_t to_lower(char32_t c);
char32_t to_upper(char32_t c);
// A character with case (Python's "cased"): it has an upper- or lower-case partner.
bool is_cased(char32_t c);
bool is_upper(char32_t c);
bool is_lower(char32_t c);

// Python str methods on whole strings.
std::string upper(std::string_view s);
std::string lower(std::string_view s);
std::string capitalize(std::string_view s);  // first character upper, the rest lower
std::string title(std::string_view s);       // str.title(): upper after an uncased character

}  // namespace perimeter::engine::unicode
