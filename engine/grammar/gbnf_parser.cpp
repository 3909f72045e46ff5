// GBNF text -> compiled Grammar (see grammar.h for the accepted syntax).
#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <unordered_map>

#include "engine/grammar/grammar.h"

namespace perimeter::engine {

namespace {
constexpr uint32_t kMaxCodepoint = 0x10FFFF;
constexpr int kMaxRepeat = 100000;
constexpr int kMaxNesting = 256;  // {m,n} bounds beyond this are almost certainly a mistake

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;

Ranges normalize(Ranges r) {
    std::sort(r.begin(), r.end());
    Ranges out;
    for (const auto& x : r) {
        if (!out.empty() && x.first <= out.back().second + 1) out.back().second = std::max(out.back().second, x.second);
        else out.push_back(x);
    }
    return out;
}

Ranges complement(const Ranges& r) {
    Ranges out;
    uint32_t next = 0;
    for (const auto& x : r) {
        if (x.first > next) out.push_back({next, x.first - 1});
        next = x.second + 1;
    }
    if (next <= kMaxCodepoint) out.push_back({next, kMaxCodepoint});
    return out;
}
}  // namespace

class GrammarBuilder {
public:
    explicit GrammarBuilder(std::string_view src) : src_(src) { byte_elem_.fill(-1); }

    std::shared_ptr<Grammar> build(std::string_view root_name);

private:
    using Seq = std::vector<GrammarElem>;
    using Alts = std::vector<Seq>;

    std::string_view src_;
    size_t pos_ = 0;
    std::vector<std::string> names_;
    std::unordered_map<std::string, uint32_t> ids_;
    std::vector<Alts> rules_;
    std::vector<bool> defined_;
    std::vector<size_t> first_ref_;  // source offset of the first reference (for errors)
    std::vector<ByteSet> byte_sets_;
    std::vector<CodepointClass> classes_;
    std::array<int32_t, 256> byte_elem_;
    std::map<std::string, int> gen_count_;
    int depth_ = 0;  // group nesting (bounded: hostile text must not overflow the stack)

    [[noreturn]] void fail(size_t at, const std::string& msg) const {
        size_t line = 1, col = 1;
        for (size_t i = 0; i < at && i < src_.size(); ++i) {
            if (src_[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        throw GrammarError("grammar: line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + msg);
    }
    bool eof() const { return pos_ >= src_.size(); }
    char peek(size_t ahead = 0) const { return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0'; }

    void skip_ws() {
        while (!eof()) {
            const char c = peek();
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++pos_;
            } else if (c == '#') {
                while (!eof() && peek() != '\n') ++pos_;
            } else {
                break;
            }
        }
    }

    std::string parse_name() {
        const size_t start = pos_;
        while (!eof() && is_word_char(peek())) ++pos_;
        if (pos_ == start) fail(start, "expected a rule name");
        return std::string(src_.substr(start, pos_ - start));
    }

    // At `name ::=`? (so the current definition ends here)
    bool at_definition() {
        if (eof() || !is_word_char(peek())) return false;
        const size_t save = pos_;
        while (!eof() && is_word_char(peek())) ++pos_;
        skip_ws();
        const bool yes = src_.substr(pos_, 3) == "::=";
        pos_ = save;
        return yes;
    }

    uint32_t symbol(const std::string& name, size_t at) {
        auto it = ids_.find(name);
        if (it != ids_.end()) return it->second;
        const uint32_t id = uint32_t(names_.size());
        ids_.emplace(name, id);
        names_.push_back(name);
        rules_.emplace_back();
        defined_.push_back(false);
        first_ref_.push_back(at);
        return id;
    }

    uint32_t generated_rule(const std::string& base, Alts alts) {
        std::string name;
        do {
            name = base + "_" + std::to_string(++gen_count_[base]);
        } while (ids_.count(name));
        const uint32_t id = symbol(name, pos_);
        rules_[id] = std::move(alts);
        defined_[id] = true;
        return id;
    }

    GrammarElem byte_elem(uint8_t b) {
        if (byte_elem_[b] < 0) {
            ByteSet s;
            s.add(b);
            byte_elem_[b] = int32_t(add_byte_set(s));
        }
        return {GrammarElemKind::Bytes, uint32_t(byte_elem_[b])};
    }
    uint32_t add_byte_set(const ByteSet& s) {
        for (size_t i = 0; i < byte_sets_.size(); ++i)
            if (byte_sets_[i] == s) return uint32_t(i);
        byte_sets_.push_back(s);
        return uint32_t(byte_sets_.size() - 1);
    }
    GrammarElem class_elem(const Ranges& ranges) {
        if (!ranges.empty() && ranges.back().second < 0x80) {  // ASCII only: a plain byte set
            ByteSet s;
            for (const auto& r : ranges)
                for (uint32_t c = r.first; c <= r.second; ++c) s.add(uint8_t(c));
            return {GrammarElemKind::Bytes, add_byte_set(s)};
        }
        CodepointClass cls;
        cls.ranges = ranges;
        cls.finish();
        for (size_t i = 0; i < classes_.size(); ++i)
            if (classes_[i] == cls) return {GrammarElemKind::Class, uint32_t(i)};
        classes_.push_back(std::move(cls));
        return {GrammarElemKind::Class, uint32_t(classes_.size() - 1)};
    }

    // Decodes one UTF-8 code point from the source.
    uint32_t decode_utf8() {
        const size_t start = pos_;
        const auto c = static_cast<unsigned char>(src_[pos_++]);
        if (c < 0x80) return c;
        int n = 0;
        uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) n = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) n = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) n = 3, cp = c & 0x07;
        else fail(start, "invalid UTF-8 in the grammar text");
        for (int i = 0; i < n; ++i) {
            if (eof() || (static_cast<unsigned char>(peek()) & 0xC0) != 0x80) fail(start, "invalid UTF-8 in the grammar text");
            cp = (cp << 6) | (static_cast<unsigned char>(src_[pos_++]) & 0x3F);
        }
        return cp;
    }

    uint32_t parse_hex(int digits) {
        const size_t start = pos_;
        uint32_t v = 0;
        for (int i = 0; i < digits; ++i) {
            const char c = peek();
            int d;
            if (c >= '0' && c <= '9') d = c - '0';
            else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            else fail(start, "expected " + std::to_string(digits) + " hex digits in escape");
            v = v * 16 + uint32_t(d);
            ++pos_;
        }
        if (v > kMaxCodepoint) fail(start, "escape beyond U+10FFFF");
        return v;
    }

    // One character of a literal or class, escapes decoded.
    uint32_t parse_char() {
        if (eof()) fail(pos_, "unexpected end of grammar");
        if (peek() != '\\') return decode_utf8();
        const size_t start = pos_;
        ++pos_;
        if (eof()) fail(start, "unfinished escape");
        const char e = src_[pos_++];
        switch (e) {
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'x': return parse_hex(2);
            case 'u': return parse_hex(4);
            case 'U': return parse_hex(8);
            case '\\': case '"': case '[': case ']': case '-': case '^': case '.': case '\'': case '/':
                return uint32_t(e);
            default: fail(start, std::string("unknown escape '\\") + e + "'");
        }
    }

    Ranges parse_class() {
        const size_t start = pos_;
        ++pos_;  // [
        bool negated = false;
        if (peek() == '^') {
            negated = true;
            ++pos_;
        }
        Ranges r;
        while (true) {
            if (eof()) fail(start, "expected ']' to close the character class");
            if (peek() == ']') {
                ++pos_;
                break;
            }
            const uint32_t lo = parse_char();
            uint32_t hi = lo;
            if (peek() == '-' && peek(1) != ']' && pos_ + 1 < src_.size()) {
                ++pos_;
                hi = parse_char();
                if (hi < lo) fail(start, "character range is backwards");
            }
            r.push_back({lo, hi});
        }
        r = normalize(std::move(r));
        if (negated) r = complement(r);
        if (r.empty()) fail(start, "character class matches nothing");
        return r;
    }

    int parse_int() {
        const size_t start = pos_;
        long v = 0;
        while (!eof() && peek() >= '0' && peek() <= '9') {
            v = v * 10 + (peek() - '0');
            if (v > kMaxRepeat) fail(start, "repetition count above " + std::to_string(kMaxRepeat));
            ++pos_;
        }
        if (pos_ == start) return -1;
        return int(v);
    }

    // Replaces seq[last_start..] (the last item) with `item{min,max}` (max < 0: unbounded).
    void repeat(Seq& seq, size_t last_start, int min, int max, const std::string& rule_name) {
        Seq item(seq.begin() + std::ptrdiff_t(last_start), seq.end());
        seq.resize(last_start);
        if (item.size() > 1) {
            const uint32_t r = generated_rule(rule_name, Alts{item});
            item = Seq{{GrammarElemKind::Rule, r}};
        }
        for (int i = 0; i < min; ++i) seq.push_back(item[0]);
        if (max < 0) {
            // x_star ::= x x_star | ε  (right recursion, run without stack growth)
            const uint32_t r = generated_rule(rule_name, {});
            rules_[r] = Alts{Seq{item[0], {GrammarElemKind::Rule, r}}, Seq{}};
            seq.push_back({GrammarElemKind::Rule, r});
            return;
        }
        // x{0,n}: opt_n ::= x opt_{n-1} | ε ... opt_1 ::= x | ε
        int32_t prev = -1;
        for (int k = 0; k < max - min; ++k) {
            Seq s{item[0]};
            if (prev >= 0) s.push_back({GrammarElemKind::Rule, uint32_t(prev)});
            prev = int32_t(generated_rule(rule_name, Alts{s, Seq{}}));
        }
        if (prev >= 0) seq.push_back({GrammarElemKind::Rule, uint32_t(prev)});
    }

    Seq parse_sequence(const std::string& rule_name) {
        Seq seq;
        size_t last_start = std::string::npos;
        while (true) {
            skip_ws();
            if (eof() || peek() == '|' || peek() == ')' || at_definition()) break;
            const size_t item_pos = pos_;
            const char c = peek();
            if (c == '"') {
                ++pos_;
                last_start = seq.size();
                while (true) {
                    if (eof() || peek() == '\n') fail(item_pos, "expected '\"' to close the literal");
                    if (peek() == '"') {
                        ++pos_;
                        break;
                    }
                    std::string bytes;
                    append_utf8(bytes, parse_char());
                    for (unsigned char b : bytes) seq.push_back(byte_elem(b));
                }
                if (seq.size() == last_start) last_start = std::string::npos;  // "" is nothing to repeat
            } else if (c == '[') {
                last_start = seq.size();
                seq.push_back(class_elem(parse_class()));
            } else if (c == '.') {
                ++pos_;
                last_start = seq.size();
                seq.push_back(class_elem(Ranges{{0, kMaxCodepoint}}));
            } else if (c == '(') {
                ++pos_;
                if (++depth_ > kMaxNesting) fail(item_pos, "groups nested deeper than " + std::to_string(kMaxNesting));
                Alts sub = parse_alternates(rule_name);
                --depth_;
                skip_ws();
                if (peek() != ')') fail(item_pos, "expected ')' to close the group");
                ++pos_;
                last_start = seq.size();
                if (sub.size() == 1) {
                    seq.insert(seq.end(), sub[0].begin(), sub[0].end());  // (a b) is just a b
                    if (seq.size() == last_start) last_start = std::string::npos;
                } else {
                    seq.push_back({GrammarElemKind::Rule, generated_rule(rule_name, std::move(sub))});
                }
            } else if (is_word_char(c)) {
                const std::string name = parse_name();
                last_start = seq.size();
                seq.push_back({GrammarElemKind::Rule, symbol(name, item_pos)});
            } else if (c == '*' || c == '+' || c == '?' || c == '{') {
                if (last_start == std::string::npos) fail(item_pos, std::string("'") + c + "' has nothing to repeat");
                int min = 0, max = -1;
                ++pos_;
                if (c == '+') min = 1;
                else if (c == '?') max = 1;
                else if (c == '{') {
                    skip_ws();
                    min = parse_int();
                    if (min < 0) min = 0;
                    skip_ws();
                    if (peek() == ',') {
                        ++pos_;
                        skip_ws();
                        max = parse_int();  // -1: unbounded
                    } else {
                        max = min;
                    }
                    skip_ws();
                    if (peek() != '}') fail(item_pos, "expected '}' to close the repetition");
                    ++pos_;
                    if (max >= 0 && max < min) fail(item_pos, "repetition {m,n} with n < m");
                }
                repeat(seq, last_start, min, max, rule_name);
                last_start = std::string::npos;  // "x**" is an error, as in llama.cpp
            } else {
                fail(item_pos, std::string("unexpected character '") + c + "'");
            }
        }
        return seq;
    }

    Alts parse_alternates(const std::string& rule_name) {
        Alts alts;
        alts.push_back(parse_sequence(rule_name));
        while (true) {
            skip_ws();
            if (peek() != '|') break;
            ++pos_;
            alts.push_back(parse_sequence(rule_name));
        }
        return alts;
    }

    void check_and_prune(uint32_t root);
};

void GrammarBuilder::check_and_prune(uint32_t root) {
    const size_t n = rules_.size();
    for (size_t r = 0; r < n; ++r)
        if (!defined_[r]) fail(first_ref_[r], "undefined rule '" + names_[r] + "'");

    // Productive rules (can derive a finite string); alternatives that need an unproductive rule
    // are dropped so the matcher never walks into a dead end.
    std::vector<bool> productive(n, false);
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t r = 0; r < n; ++r) {
            if (productive[r]) continue;
            for (const auto& alt : rules_[r]) {
                const bool ok = std::all_of(alt.begin(), alt.end(), [&](const GrammarElem& e) {
                    return e.kind != GrammarElemKind::Rule || productive[e.arg];
                });
                if (ok) {
                    productive[r] = changed = true;
                    break;
                }
            }
        }
    }
    if (!productive[root])
        throw GrammarError("grammar: rule '" + names_[root] + "' can never finish (no finite string matches it)");
    for (auto& alts : rules_) {
        alts.erase(std::remove_if(alts.begin(), alts.end(), [&](const Seq& alt) {
                       return std::any_of(alt.begin(), alt.end(), [&](const GrammarElem& e) {
                           return e.kind == GrammarElemKind::Rule && !productive[e.arg];
                       });
                   }),
                   alts.end());
    }

    // Left recursion would make the matcher's expansion loop forever.
    std::vector<bool> nullable(n, false);
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t r = 0; r < n; ++r) {
            if (nullable[r]) continue;
            for (const auto& alt : rules_[r]) {
                const bool ok = std::all_of(alt.begin(), alt.end(), [&](const GrammarElem& e) {
                    return e.kind == GrammarElemKind::Rule && nullable[e.arg];
                });
                if (ok) {
                    nullable[r] = changed = true;
                    break;
                }
            }
        }
    }
    std::vector<int> color(n, 0);  // 0 new, 1 on the DFS path, 2 done
    std::function<void(uint32_t)> visit = [&](uint32_t r) {
        color[r] = 1;
        for (const auto& alt : rules_[r]) {
            for (const auto& e : alt) {
                if (e.kind != GrammarElemKind::Rule) break;
                if (color[e.arg] == 1)
                    throw GrammarError("grammar: left recursion in rule '" + names_[e.arg] + "'" +
                                       (names_[e.arg].find('_') != std::string::npos
                                            ? " (a repeated item that can match nothing, like (\"a\"?)*, is left-recursive)"
                                            : ""));
                if (color[e.arg] == 0) visit(e.arg);
                if (!nullable[e.arg]) break;
            }
        }
        color[r] = 2;
    };
    for (uint32_t r = 0; r < n; ++r)
        if (color[r] == 0) visit(r);
}

std::shared_ptr<Grammar> GrammarBuilder::build(std::string_view root_name) {
    skip_ws();
    if (eof()) throw GrammarError("grammar: empty grammar text");
    while (!eof()) {
        const size_t def_pos = pos_;
        const std::string name = parse_name();
        skip_ws();
        if (src_.substr(pos_, 3) != "::=") fail(pos_, "expected '::=' after rule name '" + name + "'");
        pos_ += 3;
        const uint32_t id = symbol(name, def_pos);
        if (defined_[id]) fail(def_pos, "rule '" + name + "' is defined twice");
        defined_[id] = true;  // before parsing, so generated names do not collide
        rules_[id] = parse_alternates(name);
        skip_ws();
        if (!eof() && !at_definition()) fail(pos_, std::string("unexpected character '") + peek() + "'");
    }
    auto it = ids_.find(std::string(root_name));
    if (it == ids_.end() || !defined_[it->second])
        throw GrammarError("grammar: no rule named '" + std::string(root_name) + "' (the start rule)");
    const uint32_t root = it->second;
    check_and_prune(root);

    auto g = std::make_shared<Grammar>();
    g->root_ = root;
    g->names_ = names_;
    g->byte_sets_ = std::move(byte_sets_);
    g->classes_ = std::move(classes_);
    g->alts_.resize(rules_.size());
    for (size_t r = 0; r < rules_.size(); ++r) {
        for (const auto& alt : rules_[r]) {
            g->alts_[r].push_back(int32_t(g->elems_.size()));
            g->elems_.insert(g->elems_.end(), alt.begin(), alt.end());
            g->elems_.push_back({GrammarElemKind::End, 0});
        }
    }
    return g;
}

std::shared_ptr<const Grammar> Grammar::parse(std::string_view gbnf, std::string_view root) {
    GrammarBuilder b(gbnf);
    return b.build(root);
}

}  // namespace perimeter::engine
