#include "docs-ingest/fts_tokenizer.h"

#include <libstemmer.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace perimeter::ingest {

namespace {

constexpr size_t kMaxStemBytes = 96;    // longer "words" (hashes, garbage) are not stemmed
constexpr size_t kMaxNumberGroups = 4;  // 999 999 999 999 at most

struct RawToken {
    std::string text;  // lower-cased by unicode61
    int start = 0, end = 0;
};

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ascii_letters_only(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// Cyrillic block U+0400..U+04FF is encoded as lead bytes 0xD0..0xD3.
bool has_cyrillic(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0xD0 && c <= 0xD3) return true;
    return false;
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "ё" (D1 91) -> "е" (D0 B5): the two are spelled interchangeably in Russian text.
std::string fold_yo(std::string s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (static_cast<unsigned char>(s[i]) == 0xD1 && i + 1 < s.size() &&
            static_cast<unsigned char>(s[i + 1]) == 0x91) {
            out += "\xD0\xB5";
            ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

// A thousands separator between two digit groups.
bool is_group_separator(std::string_view sep) {
    return sep == "," || sep == " " || sep == "'" || sep == "\xC2\xA0" /* NBSP */ ||
           sep == "\xE2\x80\xAF" /* narrow NBSP */ || sep == "\xE2\x80\x89" /* thin space */;
}

struct Stemmers {
    sb_stemmer* en = nullptr;
    sb_stemmer* ru = nullptr;
    Stemmers() {
        en = sb_stemmer_new("english", "UTF_8");
        ru = sb_stemmer_new("russian", "UTF_8");
    }
    ~Stemmers() {
        if (en) sb_stemmer_delete(en);
        if (ru) sb_stemmer_delete(ru);
    }
    Stemmers(const Stemmers&) = delete;
    Stemmers& operator=(const Stemmers&) = delete;
    bool ok() const { return en && ru; }

    // Filings repeat a few thousand words hundreds of thousands of times: stems are cached
    // (Snowball was the larger half of the tokenizer's time). Bounded; one cache per tokenizer
    // instance, which FTS5 uses from one connection, hence one thread, at a time. The view
    // returned stays valid until the next call.
    std::string_view stem(std::string_view word) {
        if (word.size() > kMaxStemBytes || has_digit(word)) return word;
        const uint64_t h = std::hash<std::string_view>{}(word) | 1;  // 0 marks an empty slot
        if (slots_.empty()) slots_.resize(kInitialSlots);
        size_t i = find_slot(word, h);
        if (slots_[i].hash == h) return view(slots_[i].val_off, slots_[i].val_len);
        if (count_ >= kMaxCachedStems) {
            clear_cache();
            i = find_slot(word, h);
        } else if (2 * (count_ + 1) > slots_.size()) {
            grow();
            i = find_slot(word, h);
        }
        std::string s = stem_uncached(std::string(word));
        Slot& slot = slots_[i];
        slot.hash = h;
        slot.key_off = static_cast<uint32_t>(arena_.size());
        slot.key_len = static_cast<uint32_t>(word.size());
        arena_.append(word);
        slot.val_off = static_cast<uint32_t>(arena_.size());
        slot.val_len = static_cast<uint32_t>(s.size());
        arena_.append(s);
        ++count_;
        return view(slot.val_off, slot.val_len);
    }

private:
    // Open addressing over a power-of-two table kept at most half full (grown on demand: a query's
    // tokenizer sees a few words); keys and stems live in one arena (a node-based map cost a cache
    // miss or two per token: ~1% of an ingest).
    static constexpr size_t kMaxCachedStems = 1 << 16;
    static constexpr size_t kInitialSlots = 256;
    struct Slot {
        uint64_t hash = 0;
        uint32_t key_off = 0, key_len = 0, val_off = 0, val_len = 0;
    };
    std::vector<Slot> slots_;
    std::string arena_;
    size_t count_ = 0;

    std::string_view view(uint32_t off, uint32_t len) const { return std::string_view(arena_).substr(off, len); }
    // The slot holding `word`, or the empty slot where it would go.
    size_t find_slot(std::string_view word, uint64_t h) const {
        const size_t mask = slots_.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (s.hash == 0 || (s.hash == h && view(s.key_off, s.key_len) == word)) return i;
        }
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        const size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.hash == 0) continue;
            size_t i = s.hash & mask;
            while (slots_[i].hash != 0) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }
    void clear_cache() {
        std::fill(slots_.begin(), slots_.end(), Slot{});
        arena_.clear();
        count_ = 0;
    }

    std::string stem_uncached(const std::string& word) {
        sb_stemmer* st = nullptr;
        std::string w = word;
        if (has_cyrillic(w)) {
            w = fold_yo(std::move(w));
            st = ru;
        } else if (ascii_letters_only(w)) {
            st = en;
        }
        if (!st) return w;
        const sb_symbol* out = sb_stemmer_stem(st, reinterpret_cast<const sb_symbol*>(w.data()),
                                               static_cast<int>(w.size()));
        if (!out) return w;  // out of memory inside the stemmer: index the word as it is
        return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(st)));
    }
};

struct Tokenizer {
    fts5_tokenizer parent{};
    Fts5Tokenizer* parent_instance = nullptr;
    Stemmers stemmers;
};

fts5_api* get_fts5_api(sqlite3* db) {
    fts5_api* api = nullptr;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return nullptr;
    sqlite3_bind_pointer(st, 1, reinterpret_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int x_create(void* ctx, const char** /*args*/, int /*nargs*/, Fts5Tokenizer** out) {
    auto* api = static_cast<fts5_api*>(ctx);
    auto tok = std::make_unique<Tokenizer>();
    if (!tok->stemmers.ok()) return SQLITE_ERROR;
    void* parent_ctx = nullptr;
    int rc = api->xFindTokenizer(api, "unicode61", &parent_ctx, &tok->parent);
    if (rc != SQLITE_OK) return rc;
    const char* parent_args[] = {"remove_diacritics", "0"};
    rc = tok->parent.xCreate(parent_ctx, parent_args, 2, &tok->parent_instance);
    if (rc != SQLITE_OK) return rc;
    *out = reinterpret_cast<Fts5Tokenizer*>(tok.release());
    return SQLITE_OK;
}

void x_delete(Fts5Tokenizer* p) {
    auto* tok = reinterpret_cast<Tokenizer*>(p);
    if (tok->parent_instance) tok->parent.xDelete(tok->parent_instance);
    delete tok;
}

int collect(void* ctx, int /*tflags*/, const char* token, int n, int start, int end) {
    auto* v = static_cast<std::vector<RawToken>*>(ctx);
    v->push_back(RawToken{std::string(token, static_cast<size_t>(n)), start, end});
    return SQLITE_OK;
}

// unicode61's tokens for one call of x_tokenize, their bytes in one buffer (no string per token).
struct RawTokens {
    struct Token {
        uint32_t off = 0, len = 0;
        int start = 0, end = 0;
    };
    std::string bytes;
    std::vector<Token> tokens;
    std::string_view text(size_t i) const { return std::string_view(bytes).substr(tokens[i].off, tokens[i].len); }
};

int collect_raw(void* ctx, int /*tflags*/, const char* token, int n, int start, int end) {
    auto* raw = static_cast<RawTokens*>(ctx);
    raw->tokens.push_back(RawTokens::Token{static_cast<uint32_t>(raw->bytes.size()), static_cast<uint32_t>(n), start, end});
    raw->bytes.append(token, static_cast<size_t>(n));
    return SQLITE_OK;
}

using TokenFn = int (*)(void*, int, const char*, int, int, int);

int x_tokenize(Fts5Tokenizer* p, void* ctx, int flags, const char* text, int n, TokenFn emit) {
    auto* tok = reinterpret_cast<Tokenizer*>(p);
    RawTokens raw;
    try {
        raw.bytes.reserve(static_cast<size_t>(std::max(n, 0)));
        raw.tokens.reserve(static_cast<size_t>(std::max(n, 0)) / 6 + 1);
        int rc = tok->parent.xTokenize(tok->parent_instance, &raw, flags, text, n, collect_raw);
        if (rc != SQLITE_OK) return rc;
    } catch (const std::bad_alloc&) {
        return SQLITE_NOMEM;
    }
    const bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    const auto& toks = raw.tokens;
    auto separated = [&](size_t a, size_t b) {  // raw[a] and raw[b] are consecutive groups
        std::string_view sep(text + toks[a].end, static_cast<size_t>(toks[b].start - toks[a].end));
        return is_group_separator(sep) && toks[b].len == 3 && all_digits(raw.text(b));
    };
    try {
        std::string joined;
        for (size_t i = 0; i < toks.size(); ++i) {
            const RawTokens::Token& t = toks[i];
            const std::string_view t_text = raw.text(i);
            if (!all_digits(t_text)) {
                const std::string_view s = tok->stemmers.stem(t_text);
                if (int rc = emit(ctx, 0, s.data(), static_cast<int>(s.size()), t.start, t.end)) return rc;
                continue;
            }
            // Number: how many thousands groups follow a 1-3 digit leading group.
            size_t last = i;
            if (t.len <= 3)
                while (last + 1 < toks.size() && last + 1 - i < kMaxNumberGroups && separated(last, last + 1))
                    ++last;
            if (query) {
                // One joined term for the whole grouped number.
                joined.clear();
                for (size_t g = i; g <= last; ++g) joined += raw.text(g);
                if (int rc = emit(ctx, 0, joined.data(), static_cast<int>(joined.size()), t.start, toks[last].end))
                    return rc;
                i = last;
                continue;
            }
            // Document: the group itself, then each longer joined form at the same position.
            if (int rc = emit(ctx, 0, t_text.data(), static_cast<int>(t_text.size()), t.start, t.end)) return rc;
            joined.assign(t_text);
            for (size_t g = i + 1; g <= last; ++g) {
                joined += raw.text(g);
                if (int rc = emit(ctx, FTS5_TOKEN_COLOCATED, joined.data(), static_cast<int>(joined.size()),
                                  t.start, toks[g].end))
                    return rc;
            }
        }
    } catch (const std::bad_alloc&) {
        return SQLITE_NOMEM;
    }
    return SQLITE_OK;
}

// Runs the registered tokenizer outside a MATCH (query splitting, diagnostics).
class DirectTokenizer {
public:
    explicit DirectTokenizer(sqlite3* db) {
        fts5_api* api = get_fts5_api(db);
        if (!api) throw std::runtime_error("fts5: FTS5 is not available in this SQLite build");
        void* ctx = nullptr;
        if (api->xFindTokenizer(api, kFtsTokenizerName, &ctx, &methods_) != SQLITE_OK)
            throw std::runtime_error("fts5: tokenizer 'perimeter' is not registered on this connection");
        if (methods_.xCreate(ctx, nullptr, 0, &instance_) != SQLITE_OK)
            throw std::runtime_error("fts5: tokenizer 'perimeter' could not be created (stemmers missing?)");
    }
    ~DirectTokenizer() {
        if (instance_) methods_.xDelete(instance_);
    }
    DirectTokenizer(const DirectTokenizer&) = delete;
    DirectTokenizer& operator=(const DirectTokenizer&) = delete;

    std::vector<RawToken> run(std::string_view text, int flags) {
        std::vector<RawToken> out;
        int rc = methods_.xTokenize(instance_, &out, flags, text.data(), static_cast<int>(text.size()), collect);
        if (rc != SQLITE_OK) throw std::runtime_error("fts5: tokenizer failed: " + std::string(sqlite3_errstr(rc)));
        return out;
    }

private:
    fts5_tokenizer methods_{};
    Fts5Tokenizer* instance_ = nullptr;
};

// Words too common to help a search, in the form the index stores them.
const std::set<std::string>& stop_terms(DirectTokenizer& tok) {
    static const char* const kWords =
        "a an the of in on at to for from by with and or but not no is are was were be been being "
        "it its this that these those as what which who whom whose how when where why do does did "
        "has have had will would shall should can could may might must there their they them than "
        "then so if into about over under per any all each our we you your he she his her i me my "
        "и в во на с со по за к ко о об обо от из для до при что как это этот эта эти так же ли "
        "не ни но а или да бы был была были быть есть его ее её их он она оно они мы вы я у чем "
        "какой какая какие каков какова который которая которые где когда почему";
    thread_local std::set<std::string> terms = [&] {
        std::set<std::string> s;
        for (auto& t : tok.run(kWords, FTS5_TOKENIZE_QUERY)) s.insert(t.text);
        return s;
    }();
    return terms;
}

}  // namespace

void register_fts_tokenizer(sqlite3* db) {
    fts5_api* api = get_fts5_api(db);
    if (!api || api->iVersion < 2) throw std::runtime_error("fts5: FTS5 (api v2+) is not available in this SQLite build");
    {
        Stemmers probe;
        if (!probe.ok()) throw std::runtime_error("fts5: libstemmer has no english/russian UTF-8 stemmer");
    }
    static fts5_tokenizer methods{x_create, x_delete, x_tokenize};
    int rc = api->xCreateTokenizer(api, kFtsTokenizerName, api, &methods, nullptr);
    if (rc != SQLITE_OK) throw std::runtime_error(std::string("fts5: registering tokenizer failed: ") + sqlite3_errstr(rc));
}

std::vector<QueryTerm> tokenize_query(sqlite3* db, std::string_view text) {
    DirectTokenizer tok(db);
    const auto& stops = stop_terms(tok);
    std::vector<QueryTerm> out;
    for (auto& t : tok.run(text, FTS5_TOKENIZE_QUERY)) {
        QueryTerm q;
        q.stop_word = stops.count(t.text) > 0;
        q.term = std::move(t.text);
        q.start = static_cast<size_t>(t.start);
        q.end = static_cast<size_t>(t.end);
        out.push_back(std::move(q));
    }
    return out;
}

std::vector<std::string> tokenize_document(sqlite3* db, std::string_view text) {
    DirectTokenizer tok(db);
    std::vector<std::string> out;
    for (auto& t : tok.run(text, FTS5_TOKENIZE_DOCUMENT)) out.push_back(std::move(t.text));
    return out;
}

}  // namespace perimeter::ingest
