// The parse state of a Grammar over a byte stream: a set of stacks (as llama.cpp's
// llama-grammar), each a possible position of the parser.
//
// A stack is an interned linked list of (position, continuation) nodes, so a whole stack is one
// int id and identical stacks share it. The top of every stack in a set is a terminal (a byte set
// or a code point class, with the bytes of a partly read UTF-8 character); id 0 is the empty
// stack, meaning the text so far is a complete sentence. Advancing a stack by a byte is memoized
// per (stack, byte), so after warm-up stepping costs one table lookup; a per-step token mask
// reuses those transitions for every token that starts the same way.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "engine/grammar/grammar.h"

namespace perimeter::engine {

using StackSet = std::vector<int32_t>;  // sorted, unique stack ids

class GrammarStacks {
public:
    explicit GrammarStacks(std::shared_ptr<const Grammar> grammar);

    const Grammar& grammar() const { return *grammar_; }
    // The stacks before any input.
    void initial(StackSet& out);
    // Every stack of `in` advanced by one byte (stacks that cannot take it are dropped).
    void advance(std::span<const int32_t> in, uint8_t byte, StackSet& out);
    // One stack advanced by one byte; the view stays valid until the next call of any method.
    std::span<const int32_t> advance_one(int32_t stack, uint8_t byte);
    static bool is_complete(std::span<const int32_t> set) { return !set.empty() && set[0] == 0; }

    // Stack id standing for "the rest of the stack, cut off": a stack that pops into it shows up
    // in an advanced set as kCut itself.
    static constexpr int32_t kCut = 1;
    // The frame of a set: every stack with the part below their deepest common node replaced by
    // kCut. Inside a string field the frame no longer says which array item or object it sits in,
    // so the token mask of the frame is shared by all of them; a token is decided by the frame
    // unless it pops past the cut. False when no common node exists or nothing would be cut.
    bool frame(std::span<const int32_t> set, StackSet& out);

    size_t n_stacks() const { return nodes_.size(); }
    // Drops the memoized expansions and transitions (stack ids stay valid). Call only between
    // steps: views returned earlier become invalid.
    void trim_memo();
    size_t memory_bytes() const;

private:
    struct Node {
        int32_t pos;       // element position (a terminal for a normalized stack)
        int32_t next;      // the stack below (0: none)
        uint32_t partial;  // Class top: bytes still expected << 21 | code point bits read so far
        int32_t closure;   // pool offset of the memoized expansion (-1: not yet)
        int32_t trans;     // block of 256 pool offsets in trans_ (-1: none yet)
    };
    struct Key {
        int32_t pos, next;
        uint32_t partial;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            uint64_t h = uint64_t(uint32_t(k.pos)) * 0x9E3779B97F4A7C15ull ^ uint64_t(uint32_t(k.next)) * 0xC2B2AE3D27D4EB4Full ^
                         uint64_t(k.partial) * 0x165667B19E3779F9ull;
            return size_t(h ^ (h >> 29));
        }
    };

    int32_t intern(int32_t pos, int32_t next, uint32_t partial);
    // Appends the normalized stacks for "parse from pos, then continue with stack next".
    void expand(int32_t pos, int32_t next, std::vector<int32_t>& out);
    std::span<const int32_t> closure(int32_t node);
    int32_t store(std::vector<int32_t>& ids);  // sorts, dedups, appends to the pool
    std::span<const int32_t> view(int32_t off) const {
        return {pool_.data() + off + 1, size_t(pool_[size_t(off)])};
    }
    void step(int32_t stack, uint8_t byte, std::vector<int32_t>& out);

    std::shared_ptr<const Grammar> grammar_;
    const GrammarElem* elems_;
    std::vector<Node> nodes_;
    std::unordered_map<Key, int32_t, KeyHash> index_;
    std::vector<int32_t> pool_;   // [len, ids...] lists; offset 0 is the empty list
    std::vector<int32_t> trans_;  // 256 pool offsets per stack (-1: not computed)
    std::vector<int32_t> scratch_;
    std::vector<int32_t> frame_common_, frame_chain_;
    int32_t initial_ = -1;
};

}  // namespace perimeter::engine
