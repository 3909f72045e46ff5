// A compiled context-free grammar for constrained decoding, parsed from GBNF text
// (llama.cpp's grammar format):
//
//   root   ::= "{" ws pair ("," ws pair)* "}"     # comments run to the end of the line
//   pair   ::= key ":" ws [0-9]+ ("." [0-9]{1,4})?
//   key    ::= "\"" [^"\\\x00-\x1f]* "\""
//   ws     ::= [ \t\n]{0,4}
//
// Elements: "literals" (UTF-8, escapes \n \r \t \\ \" \xHH \uHHHH \UHHHHHHHH), [character classes]
// with ranges and ^negation, . (any character), rule references, ( groups ), alternatives |,
// repetition * + ? {m} {m,} {m,n}. A rule definition runs until the next `name ::=`.
//
// Compilation lowers everything to rules whose alternatives are flat sequences of three kinds of
// terminal/non-terminal elements: a set of bytes (literals and ASCII classes: one byte each), a
// code point class (matched byte by byte over UTF-8, so a token that ends inside a multi-byte
// character is handled exactly), and a rule reference. Groups and repetitions become generated
// rules (x* is the right-recursive  x_star ::= x x_star | ε, which the matcher runs without growing
// its stacks). Left recursion, undefined rules and rules that can never finish are errors.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace perimeter::engine {

class GrammarError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class GrammarElemKind : uint8_t {
    End,    // end of an alternative
    Bytes,  // one byte from byte_sets[arg]
    Class,  // one code point (1-4 UTF-8 bytes) from classes[arg]
    Rule,   // reference to rule arg
};

struct GrammarElem {
    GrammarElemKind kind = GrammarElemKind::End;
    uint32_t arg = 0;
};

struct ByteSet {
    uint64_t bits[4] = {0, 0, 0, 0};
    bool has(uint8_t b) const { return (bits[b >> 6] >> (b & 63)) & 1; }
    void add(uint8_t b) { bits[b >> 6] |= uint64_t(1) << (b & 63); }
    bool operator==(const ByteSet& o) const {
        return bits[0] == o.bits[0] && bits[1] == o.bits[1] && bits[2] == o.bits[2] && bits[3] == o.bits[3];
    }
};

// A set of Unicode code points as sorted, disjoint, non-adjacent inclusive ranges.
struct CodepointClass {
    std::vector<std::pair<uint32_t, uint32_t>> ranges;
    uint64_t ascii[2] = {0, 0};  // fast path for code points < 128

    void finish();  // fills ascii from ranges
    bool contains(uint32_t cp) const;
    // Does [lo, hi] contain at least one member?
    bool intersects(uint32_t lo, uint32_t hi) const;
    // Is all of [lo, hi] inside?
    bool contains_all(uint32_t lo, uint32_t hi) const;
    bool operator==(const CodepointClass& o) const { return ranges == o.ranges; }
};

class Grammar {
public:
    // Parses and compiles GBNF text. Throws GrammarError naming the line and column, e.g.
    //   "grammar: line 2, column 14: expected ']' to close the character class".
    static std::shared_ptr<const Grammar> parse(std::string_view gbnf, std::string_view root = "root");

    // Whole-string check (no vocabulary needed): is `text` a complete sentence of the grammar?
    bool matches(std::string_view text) const;
    // Could `text` be continued into a sentence? (true for complete sentences too)
    bool is_prefix(std::string_view text) const;

    size_t n_rules() const { return alts_.size(); }
    const std::string& rule_name(uint32_t r) const { return names_[r]; }
    uint32_t root() const { return root_; }
    // The compiled rules in GBNF-like notation (for debugging and error reports).
    std::string dump() const;

    // Compiled form read by the matcher: elems() holds every alternative as a run of elements
    // ending with End; alternatives(r) lists the start positions of rule r's alternatives.
    const std::vector<GrammarElem>& elems() const { return elems_; }
    const std::vector<int32_t>& alternatives(uint32_t r) const { return alts_[r]; }
    const ByteSet& byte_set(uint32_t i) const { return byte_sets_[i]; }
    const CodepointClass& cp_class(uint32_t i) const { return classes_[i]; }

private:
    friend class GrammarBuilder;
    std::vector<GrammarElem> elems_;
    std::vector<std::vector<int32_t>> alts_;
    std::vector<std::string> names_;
    std::vector<ByteSet> byte_sets_;
    std::vector<CodepointClass> classes_;
    uint32_t root_ = 0;
};

// Appends the UTF-8 encoding of cp.
void append_utf8(std::string& out, uint32_t cp);

}  // namespace perimeter::engine
