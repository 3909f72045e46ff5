#include "engine/chat/jinja_lexer.h"

#include <charconv>
#include <cstdio>

#include "engine/chat/jinja_value.h"
#include "engine/chat/unicode_text.h"

namespace perimeter::engine::jinja {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

// Newlines -> "\n", then one trailing newline dropped (keep_trailing_newline=False).
std::string normalize_source(std::string_view src) {
    std::string out;
    out.reserve(src.size());
    for (size_t i = 0; i < src.size(); ++i) {
        if (src[i] == '\r') {
            out += '\n';
            if (i + 1 < src.size() && src[i + 1] == '\n') ++i;
        } else {
            out += src[i];
        }
    }
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

class Lexer {
public:
    explicit Lexer(std::string src) : s_(std::move(src)) {}

    std::vector<Token> run() {
        while (pos_ < s_.size()) {
            size_t p = find_tag_start(pos_);
            if (p == std::string::npos) {
                emit_data(std::string_view(s_).substr(pos_), line_);
                advance_to(s_.size());
                break;
            }
            root_tag(p);
        }
        Token eof;
        eof.type = TokenType::Eof;
        eof.line = line_;
        out_.push_back(std::move(eof));
        return std::move(out_);
    }

private:
    [[noreturn]] void fail(const std::string& msg, int line) const {
        throw TemplateError(TemplateError::Kind::Syntax, line, msg);
    }

    size_t find_tag_start(size_t from) const {
        for (size_t p = s_.find('{', from); p != std::string::npos; p = s_.find('{', p + 1)) {
            if (p + 1 < s_.size() && (s_[p + 1] == '{' || s_[p + 1] == '%' || s_[p + 1] == '#')) return p;
        }
        return std::string::npos;
    }

    // Moves pos_ forward, counting lines.
    void advance_to(size_t p) {
        for (size_t i = pos_; i < p; ++i)
            if (s_[i] == '\n') ++line_;
        pos_ = p;
    }

    size_t skip_space(size_t p) const {
        while (p < s_.size()) {
            size_t q = p;
            char32_t c = unicode::next_cp(s_, q);
            if (!unicode::is_space(c)) break;
            p = q;
        }
        return p;
    }

    // Length of `text` without trailing (Python) whitespace.
    static size_t rstrip_len(std::string_view text) {
        size_t end = 0;
        for (size_t i = 0; i < text.size();) {
            char32_t c = unicode::next_cp(text, i);
            if (!unicode::is_space(c)) end = i;
        }
        return end;
    }

    // The text before a tag, after whitespace control (jinja2's OptionalLStrip rule).
    std::string_view strip_before(std::string_view text, char sign, bool is_variable) const {
        if (sign == '-') return text.substr(0, rstrip_len(text));
        if (sign != '+' && !is_variable) {
            size_t nl = text.rfind('\n');
            size_t l_pos = nl == std::string_view::npos ? 0 : nl + 1;
            if (l_pos > 0 || line_starting_) {
                std::string_view tail = text.substr(l_pos);
                if (!tail.empty() && rstrip_len(tail) == 0) return text.substr(0, l_pos);
            }
        }
        return text;
    }

    void emit_data(std::string_view text, int line) {
        if (text.empty()) return;
        Token t;
        t.type = TokenType::Data;
        t.value = std::string(text);
        t.line = line;
        out_.push_back(std::move(t));
    }

    void emit(TokenType type, std::string value, int line) {
        Token t;
        t.type = type;
        t.value = std::move(value);
        t.line = line;
        out_.push_back(std::move(t));
    }

    // `{%` sign? \s* raw \s* (-%}\s* | %})  -> end position, or npos.
    size_t match_raw_begin(size_t p) const {
        size_t q = p + 2;
        if (q < s_.size() && (s_[q] == '-' || s_[q] == '+')) ++q;
        q = skip_space(q);
        if (s_.compare(q, 3, "raw") != 0) return std::string::npos;
        q = skip_space(q + 3);
        if (s_.compare(q, 3, "-%}") == 0) return skip_space(q + 3);
        if (s_.compare(q, 2, "%}") == 0) return q + 2;
        return std::string::npos;
    }

    void root_tag(size_t p) {
        const int text_line = line_;
        const char kind = s_[p + 1];
        size_t raw_end = kind == '%' ? match_raw_begin(p) : std::string::npos;
        char sign = (p + 2 < s_.size() && (s_[p + 2] == '-' || s_[p + 2] == '+')) ? s_[p + 2] : 0;
        std::string_view text = std::string_view(s_).substr(pos_, p - pos_);
        emit_data(strip_before(text, sign, kind == '{'), text_line);
        advance_to(p);
        if (raw_end != std::string::npos) {
            raw_block(raw_end);
        } else if (kind == '#') {
            comment(p + 2 + (sign ? 1 : 0));
        } else {
            const int line = line_;
            advance_to(p + 2 + (sign ? 1 : 0));
            emit(kind == '%' ? TokenType::BlockBegin : TokenType::VariableBegin, "", line);
            tag(kind == '%');
        }
    }

    void raw_block(size_t body_start) {
        line_starting_ = s_[body_start - 1] == '\n';
        advance_to(body_start);
        // (.*?)({%[-+]? \s* endraw \s* (+%} | -%}\s* | %}\n?))
        for (size_t p = s_.find("{%", body_start); p != std::string::npos; p = s_.find("{%", p + 1)) {
            size_t q = p + 2;
            char sign = 0;
            if (q < s_.size() && (s_[q] == '-' || s_[q] == '+')) sign = s_[q++];
            q = skip_space(q);
            if (s_.compare(q, 6, "endraw") != 0) continue;
            q = skip_space(q + 6);
            size_t end;
            if (s_.compare(q, 3, "+%}") == 0) end = q + 3;
            else if (s_.compare(q, 3, "-%}") == 0) end = skip_space(q + 3);
            else if (s_.compare(q, 2, "%}") == 0) end = (q + 2 < s_.size() && s_[q + 2] == '\n') ? q + 3 : q + 2;
            else continue;
            std::string_view text = std::string_view(s_).substr(body_start, p - body_start);
            emit_data(strip_before(text, sign, false), line_);
            line_starting_ = s_[end - 1] == '\n';
            advance_to(end);
            return;
        }
        fail("missing end of raw directive", line_);
    }

    void comment(size_t body_start) {
        size_t h = s_.find("#}", body_start);
        if (h == std::string::npos) fail("missing end of comment tag", line_);
        char sign = (h > body_start && (s_[h - 1] == '-' || s_[h - 1] == '+')) ? s_[h - 1] : 0;
        size_t end = h + 2;
        if (sign == '-') end = skip_space(end);
        else if (sign == 0 && end < s_.size() && s_[end] == '\n') ++end;
        line_starting_ = s_[end - 1] == '\n';
        advance_to(end);
    }

    // (\d+_)*\d+ starting at p; npos when there is no digit.
    size_t digit_run(size_t p) const {
        if (p >= s_.size() || !is_digit(s_[p])) return std::string::npos;
        while (p < s_.size() && is_digit(s_[p])) ++p;
        while (p + 1 < s_.size() && s_[p] == '_' && is_digit(s_[p + 1])) {
            ++p;
            while (p < s_.size() && is_digit(s_[p])) ++p;
        }
        return p;
    }

    size_t match_exponent(size_t p) const {
        if (p >= s_.size() || (s_[p] != 'e' && s_[p] != 'E')) return std::string::npos;
        ++p;
        if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
        return digit_run(p);
    }

    size_t match_float(size_t p) const {
        if (p > 0 && s_[p - 1] == '.') return std::string::npos;
        size_t a = digit_run(p);
        if (a == std::string::npos) return a;
        if (a < s_.size() && s_[a] == '.') {
            size_t b = digit_run(a + 1);
            if (b != std::string::npos) {
                size_t e = match_exponent(b);
                if (e != std::string::npos) return e;
            }
        }
        size_t e = match_exponent(a);
        if (e != std::string::npos) return e;
        if (a < s_.size() && s_[a] == '.') return digit_run(a + 1);
        return std::string::npos;
    }

    // Returns the end of an integer literal and its value.
    size_t match_integer(size_t p, int64_t& value, int line) const {
        auto lower = [](char c) { return static_cast<char>(c | 0x20); };
        auto parse = [&](size_t from, size_t to, int base) {
            std::string digits;
            for (size_t i = from; i < to; ++i)
                if (s_[i] != '_') digits += s_[i];
            auto r = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
            if (r.ec != std::errc()) fail("integer literal too large", line);
        };
        if (p >= s_.size() || !is_digit(s_[p])) return std::string::npos;
        if (s_[p] == '0' && p + 1 < s_.size()) {
            char x = lower(s_[p + 1]);
            int base = x == 'b' ? 2 : x == 'o' ? 8 : x == 'x' ? 16 : 0;
            if (base) {
                auto ok = [&](char c) {
                    c = lower(c);
                    if (base == 2) return c == '0' || c == '1';
                    if (base == 8) return c >= '0' && c <= '7';
                    return is_digit(c) || (c >= 'a' && c <= 'f');
                };
                size_t q = p + 2;
                size_t end = q;
                while (true) {
                    size_t r = q;
                    if (r < s_.size() && s_[r] == '_') ++r;
                    if (r < s_.size() && ok(s_[r])) {
                        q = end = r + 1;
                    } else {
                        break;
                    }
                }
                if (end > p + 2) {
                    parse(p + 2, end, base);
                    return end;
                }
            }
        }
        size_t q = p + 1;
        if (s_[p] == '0') {  // 0(_?0)*
            while (true) {
                size_t r = q;
                if (r < s_.size() && s_[r] == '_') ++r;
                if (r < s_.size() && s_[r] == '0') q = r + 1;
                else break;
            }
            value = 0;
            return q;
        }
        while (true) {  // [1-9](_?\d)*
            size_t r = q;
            if (r < s_.size() && s_[r] == '_') ++r;
            if (r < s_.size() && is_digit(s_[r])) q = r + 1;
            else break;
        }
        parse(p, q, 10);
        return q;
    }

    // Python's unicode-escape decoding of a string literal body (after backslashreplace).
    std::string unescape(std::string_view body, int line) const {
        std::string out;
        out.reserve(body.size());
        for (size_t i = 0; i < body.size();) {
            char c = body[i];
            if (c != '\\') {
                out += c;
                ++i;
                continue;
            }
            if (i + 1 >= body.size()) fail("\\ at end of string", line);
            char e = body[i + 1];
            i += 2;
            auto hex = [&](int n) -> char32_t {
                if (i + n > body.size()) fail("truncated escape in string literal", line);
                char32_t v = 0;
                for (int k = 0; k < n; ++k) {
                    char h = body[i + k];
                    v <<= 4;
                    if (is_digit(h)) v |= h - '0';
                    else if (h >= 'a' && h <= 'f') v |= h - 'a' + 10;
                    else if (h >= 'A' && h <= 'F') v |= h - 'A' + 10;
                    else fail("truncated escape in string literal", line);
                }
                i += n;
                return v;
            };
            switch (e) {
                case '\n': break;  // line continuation
                case '\\': out += '\\'; break;
                case '\'': out += '\''; break;
                case '"': out += '"'; break;
                case 'a': out += '\a'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'v': out += '\v'; break;
                case 'x': unicode::append_utf8(out, hex(2)); break;
                case 'u': {
                    char32_t cp = hex(4);
                    if (cp >= 0xD800 && cp <= 0xDFFF) fail("surrogate escape in string literal", line);
                    unicode::append_utf8(out, cp);
                    break;
                }
                case 'U': {
                    char32_t cp = hex(8);
                    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) fail("illegal Unicode character", line);
                    unicode::append_utf8(out, cp);
                    break;
                }
                case 'N': fail("\\N{...} escapes are not supported", line);
                default:
                    if (e >= '0' && e <= '7') {
                        char32_t v = e - '0';
                        for (int k = 0; k < 2 && i < body.size() && body[i] >= '0' && body[i] <= '7'; ++k)
                            v = v * 8 + (body[i++] - '0');
                        unicode::append_utf8(out, v);
                    } else if (static_cast<unsigned char>(e) >= 0x80) {
                        // jinja2 backslash-escapes non-ASCII first: "\é" becomes the text "\xe9".
                        size_t k = i - 1;
                        char32_t cp = unicode::next_cp(body, k);
                        i = k;
                        char buf[16];
                        if (cp < 0x100) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
                        else if (cp < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
                        else std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(cp));
                        out += buf;
                    } else {
                        out += '\\';
                        out += e;
                    }
            }
        }
        return out;
    }

    void tag(bool block) {
        std::vector<char> balance;
        while (true) {
            if (pos_ >= s_.size()) fail(block ? "unexpected end of template inside a block tag"
                                              : "unexpected end of template inside {{ }}",
                                        line_);
            const int line = line_;
            if (balance.empty()) {
                size_t end = std::string::npos;
                if (block) {
                    if (s_.compare(pos_, 3, "+%}") == 0) end = pos_ + 3;
                    else if (s_.compare(pos_, 3, "-%}") == 0) end = skip_space(pos_ + 3);
                    else if (s_.compare(pos_, 2, "%}") == 0)
                        end = (pos_ + 2 < s_.size() && s_[pos_ + 2] == '\n') ? pos_ + 3 : pos_ + 2;
                } else {
                    if (s_.compare(pos_, 3, "-}}") == 0) end = skip_space(pos_ + 3);
                    else if (s_.compare(pos_, 2, "}}") == 0) end = pos_ + 2;
                }
                if (end != std::string::npos) {
                    line_starting_ = s_[end - 1] == '\n';
                    advance_to(end);
                    emit(block ? TokenType::BlockEnd : TokenType::VariableEnd, "", line);
                    return;
                }
            }
            size_t q = skip_space(pos_);
            if (q != pos_) {
                advance_to(q);
                continue;
            }
            const char c = s_[pos_];
            if ((q = match_float(pos_)) != std::string::npos) {
                std::string digits;
                for (size_t i = pos_; i < q; ++i)
                    if (s_[i] != '_') digits += s_[i];
                Token t;
                t.type = TokenType::Float;
                t.fval = std::strtod(digits.c_str(), nullptr);
                t.line = line;
                out_.push_back(std::move(t));
                advance_to(q);
                continue;
            }
            int64_t iv = 0;
            if ((q = match_integer(pos_, iv, line)) != std::string::npos) {
                Token t;
                t.type = TokenType::Integer;
                t.ival = iv;
                t.line = line;
                out_.push_back(std::move(t));
                advance_to(q);
                continue;
            }
            if (is_name_start(c)) {
                q = pos_ + 1;
                while (q < s_.size() && is_name_char(s_[q])) ++q;
                emit(TokenType::Name, s_.substr(pos_, q - pos_), line);
                advance_to(q);
                continue;
            }
            if (c == '\'' || c == '"') {
                q = pos_ + 1;
                bool closed = false;
                while (q < s_.size()) {
                    if (s_[q] == '\\') {
                        q += 2;
                        continue;
                    }
                    if (s_[q] == c) {
                        closed = true;
                        break;
                    }
                    ++q;
                }
                if (!closed) fail(std::string("unterminated string starting with ") + c, line);
                emit(TokenType::String, unescape(std::string_view(s_).substr(pos_ + 1, q - pos_ - 1), line), line);
                advance_to(q + 1);
                continue;
            }
            static const char* const two[] = {"//", "**", "==", "!=", ">=", "<="};
            std::string op;
            for (const char* t : two)
                if (s_.compare(pos_, 2, t) == 0) op = t;
            if (op.empty() && std::string_view("+-/*%~[](){}><=.:|,;").find(c) != std::string_view::npos) op = c;
            if (op.empty()) {
                std::string shown;
                size_t k = pos_;
                unicode::append_utf8(shown, unicode::next_cp(s_, k));
                fail("unexpected char '" + shown + "'", line);
            }
            if (op == "{" || op == "(" || op == "[") {
                balance.push_back(op == "{" ? '}' : op == "(" ? ')' : ']');
                if (balance.size() > 512) fail("brackets nested too deeply", line);
            } else if (op == "}" || op == ")" || op == "]") {
                if (balance.empty()) fail("unexpected '" + op + "'", line);
                if (balance.back() != op[0])
                    fail("unexpected '" + op + "', expected '" + std::string(1, balance.back()) + "'", line);
                balance.pop_back();
            }
            emit(TokenType::Operator, op, line);
            advance_to(pos_ + op.size());
        }
    }

    std::string s_;
    size_t pos_ = 0;
    int line_ = 1;
    bool line_starting_ = true;
    std::vector<Token> out_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) {
    if (!unicode::valid_utf8(source)) throw TemplateError(TemplateError::Kind::Syntax, 0, "template is not valid UTF-8");
    return Lexer(normalize_source(source)).run();
}

}  // namespace perimeter::engine::jinja
