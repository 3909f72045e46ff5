#include "engine/grammar/grammar_stacks.h"

#include <algorithm>

namespace perimeter::engine {

namespace {
constexpr uint32_t kPartialShift = 21;
constexpr uint32_t kBitsMask = (1u << kPartialShift) - 1;
constexpr uint32_t kFree = 1u << 30;
// Smallest code point for an encoding of n bytes (rejects overlong forms).
constexpr uint32_t kMinForLen[5] = {0, 0, 0x80, 0x800, 0x10000};
}  // namespace

GrammarStacks::GrammarStacks(std::shared_ptr<const Grammar> grammar)
    : grammar_(std::move(grammar)), elems_(grammar_->elems().data()) {
    nodes_.push_back({-1, 0, 0, -1, -1});  // id 0: the empty stack
    nodes_.push_back({-2, 0, 0, -1, -1});  // id 1: kCut, the rest of a stack cut off by frame()
    pool_.push_back(0);                    // offset 0: the empty list
}

size_t GrammarStacks::memory_bytes() const {
    return nodes_.capacity() * sizeof(Node) + pool_.capacity() * 4 + trans_.capacity() * 4 +
           index_.size() * (sizeof(Key) + 16);
}

int32_t GrammarStacks::intern(int32_t pos, int32_t next, uint32_t partial) {
    const Key k{pos, next, partial};
    auto it = index_.find(k);
    if (it != index_.end()) return it->second;
    const int32_t id = int32_t(nodes_.size());
    nodes_.push_back({pos, next, partial, -1, -1});
    index_.emplace(k, id);
    return id;
}

int32_t GrammarStacks::store(std::vector<int32_t>& ids) {
    if (ids.empty()) return 0;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const int32_t off = int32_t(pool_.size());
    pool_.push_back(int32_t(ids.size()));
    pool_.insert(pool_.end(), ids.begin(), ids.end());
    return off;
}

void GrammarStacks::expand(int32_t pos, int32_t next, std::vector<int32_t>& out) {
    const GrammarElem e = elems_[pos];
    switch (e.kind) {
        case GrammarElemKind::End:
            if (next == kCut) {
                out.push_back(kCut);  // popped into the part that frame() cut off
            } else if (next == 0) {
                out.push_back(0);  // nothing left to parse: complete
            } else {
                auto c = closure(next);
                out.insert(out.end(), c.begin(), c.end());
            }
            break;
        case GrammarElemKind::Bytes:
        case GrammarElemKind::Class:
            out.push_back(intern(pos, next, 0));
            break;
        case GrammarElemKind::Rule: {
            // A reference in tail position continues with `next` directly: right recursion
            // (x* and friends) keeps the stack depth constant.
            const int32_t cont = elems_[pos + 1].kind == GrammarElemKind::End ? next : intern(pos + 1, next, 0);
            for (int32_t alt : grammar_->alternatives(e.arg)) expand(alt, cont, out);
            break;
        }
    }
}

std::span<const int32_t> GrammarStacks::closure(int32_t node) {
    if (nodes_[size_t(node)].closure < 0) {
        std::vector<int32_t> ids;
        const Node n = nodes_[size_t(node)];
        expand(n.pos, n.next, ids);
        const int32_t off = store(ids);
        nodes_[size_t(node)].closure = off;
    }
    return view(nodes_[size_t(node)].closure);
}

void GrammarStacks::trim_memo() {
    // Stack ids stay valid (nodes and their index are kept); only derived lists are dropped and
    // will be recomputed on demand.
    for (auto& n : nodes_) n.closure = n.trans = -1;
    std::vector<int32_t>().swap(trans_);
    pool_.assign(1, 0);
    initial_ = -1;
}

void GrammarStacks::initial(StackSet& out) {
    if (initial_ < 0) {
        std::vector<int32_t> ids;
        for (int32_t alt : grammar_->alternatives(grammar_->root())) expand(alt, 0, ids);
        initial_ = store(ids);
    }
    auto v = view(initial_);
    out.assign(v.begin(), v.end());
}

// Computes the stacks after `stack` reads `byte` (not memoized).
void GrammarStacks::step(int32_t stack, uint8_t byte, std::vector<int32_t>& out) {
    const Node n = nodes_[size_t(stack)];
    const GrammarElem e = elems_[n.pos];
    if (e.kind == GrammarElemKind::Bytes) {
        if (grammar_->byte_set(e.arg).has(byte)) expand(n.pos + 1, n.next, out);
        return;
    }
    // Code point class, read byte by byte. partial = length << 24 | bytes still needed << 21 | bits,
    // or kFree | needed when any continuation bytes complete a member (see below).
    const CodepointClass& cls = grammar_->cp_class(e.arg);
    if (n.partial & kFree) {
        if ((byte & 0xC0) != 0x80) return;
        const uint32_t need = (n.partial & 3u) - 1;
        if (need == 0) expand(n.pos + 1, n.next, out);
        else out.push_back(intern(n.pos, n.next, kFree | need));
        return;
    }
    uint32_t need, bits, len;
    if (n.partial == 0) {
        if (byte < 0x80) {
            if (cls.contains(byte)) expand(n.pos + 1, n.next, out);
            return;
        }
        if (byte >= 0xC2 && byte <= 0xDF) len = 2, bits = byte & 0x1Fu;
        else if (byte >= 0xE0 && byte <= 0xEF) len = 3, bits = byte & 0x0Fu;
        else if (byte >= 0xF0 && byte <= 0xF4) len = 4, bits = byte & 0x07u;
        else return;  // continuation byte or invalid lead byte
        need = len - 1;
    } else {
        if ((byte & 0xC0) != 0x80) return;
        len = n.partial >> 24;
        need = ((n.partial >> kPartialShift) & 3u) - 1;
        bits = ((n.partial & kBitsMask) << 6) | (byte & 0x3Fu);
    }
    // Code points this character can still become; empty when overlong or beyond U+10FFFF.
    const uint32_t span_lo = bits << (6 * need);
    const uint32_t span_hi = span_lo | ((1u << (6 * need)) - 1);
    const uint32_t lo = std::max(span_lo, kMinForLen[len]);
    const uint32_t hi = std::min<uint32_t>(span_hi, 0x10FFFF);
    if (lo > hi) return;
    if (need == 0) {
        if (cls.contains(bits)) expand(n.pos + 1, n.next, out);
        return;
    }
    if (!cls.intersects(lo, hi)) return;
    // When every completion is a valid member (no overlong or out-of-range value possible, all in
    // the class), the bits read so far no longer matter: one shared "free" state per count of
    // bytes still needed, instead of one state per prefix (which multiplied the stacks ~1000x).
    if (lo == span_lo && hi == span_hi && cls.contains_all(lo, hi)) {
        out.push_back(intern(n.pos, n.next, kFree | need));
        return;
    }
    out.push_back(intern(n.pos, n.next, (len << 24) | (need << kPartialShift) | bits));
}

std::span<const int32_t> GrammarStacks::advance_one(int32_t stack, uint8_t byte) {
    if (stack <= kCut) return {};
    Node& n = nodes_[size_t(stack)];
    if (n.trans < 0) {
        n.trans = int32_t(trans_.size() / 256);
        trans_.resize(trans_.size() + 256, -1);
    }
    const size_t slot = size_t(nodes_[size_t(stack)].trans) * 256 + byte;
    if (trans_[slot] < 0) {
        std::vector<int32_t> ids;
        step(stack, byte, ids);
        const int32_t off = store(ids);
        trans_[slot] = off;
    }
    return view(trans_[slot]);
}

bool GrammarStacks::frame(std::span<const int32_t> set, StackSet& out) {
    // The deepest node that every stack passes through: walk each chain and intersect.
    if (set.empty() || set[0] == 0) return false;  // a complete (empty) stack shares nothing
    auto chain = [&](int32_t s, std::vector<int32_t>& c) {
        c.clear();
        for (; s > kCut; s = nodes_[size_t(s)].next) c.push_back(s);
    };
    std::vector<int32_t>& common = frame_common_;
    chain(set[0], common);
    for (size_t i = 1; i < set.size() && !common.empty(); ++i) {
        chain(set[i], frame_chain_);
        // Longest common suffix of the two chains.
        size_t a = common.size(), b = frame_chain_.size();
        while (a > 0 && b > 0 && common[a - 1] == frame_chain_[b - 1]) --a, --b;
        common.erase(common.begin(), common.begin() + std::ptrdiff_t(a));
    }
    if (common.empty()) return false;
    const int32_t anchor = common.front();  // topmost shared node: kept, everything below is cut
    if (nodes_[size_t(anchor)].next == 0) return false;  // nothing below to cut
    out.clear();
    for (int32_t s : set) {
        chain(s, frame_chain_);
        // Rebuild the chain down to the anchor on top of kCut.
        size_t k = 0;
        while (frame_chain_[k] != anchor) ++k;
        int32_t below = kCut;
        for (size_t j = k + 1; j-- > 0;) {
            const Node n = nodes_[size_t(frame_chain_[j])];
            below = intern(n.pos, below, n.partial);
        }
        out.push_back(below);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return true;
}

void GrammarStacks::advance(std::span<const int32_t> in, uint8_t byte, StackSet& out) {
    out.clear();
    int contributors = 0;
    for (int32_t s : in) {
        auto v = advance_one(s, byte);
        if (v.empty()) continue;
        ++contributors;
        out.insert(out.end(), v.begin(), v.end());
    }
    if (contributors > 1) {
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
}

}  // namespace perimeter::engine
