#include "tests/tokenizer/reference_data.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/common/test_env.h"

namespace perimeter::test {

namespace fs = std::filesystem;

namespace {

fs::path data_dir() {
    return source_dir() / "tests" / "tokenizer" / "data";
}

std::vector<std::string> read_lines(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + p.string() + " (tests/tokenizer/gen_reference.py writes it)");
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line))
        lines.push_back(line);
    return lines;
}

int to_int(const std::string& s, const fs::path& file) {
    try {
        size_t used = 0;
        const long v = std::stol(s, &used);
        if (used != s.size())
            throw std::invalid_argument(s);
        return static_cast<int>(v);
    } catch (const std::exception&) {
        throw std::runtime_error(file.string() + ": bad number '" + s + "'");
    }
}

struct StringsFile {
    std::vector<std::string> strings;
    std::vector<StringGroup> groups;
};

const StringsFile& strings_file() {
    static const StringsFile f = [] {
        StringsFile r;
        const fs::path p = data_dir() / "strings.txt";
        for (const std::string& line : read_lines(p)) {
            if (line.rfind("# group ", 0) == 0) {
                std::istringstream ss(line.substr(8));
                StringGroup g;
                ss >> g.name >> g.begin >> g.end;
                r.groups.push_back(g);
            } else if (line.rfind("s\t", 0) == 0) {
                r.strings.push_back(unescape(line.substr(2)));
            } else if (!line.empty() && line[0] != '#') {
                throw std::runtime_error(p.string() + ": unexpected line '" + line.substr(0, 40) + "'");
            }
        }
        return r;
    }();
    return f;
}

}  // namespace

std::string unescape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out.push_back(s[i]);
            continue;
        }
        const char c = s[++i];
        switch (c) {
            case '\\':
                out.push_back('\\');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 'x':
                if (i + 2 >= s.size())
                    throw std::runtime_error("truncated \\x escape");
                out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
                i += 2;
                break;
            default:
                throw std::runtime_error(std::string("unknown escape \\") + c);
        }
    }
    return out;
}

std::vector<TokenId> parse_ids(const std::string& s) {
    std::vector<TokenId> ids;
    std::istringstream ss(s);
    std::string tok;
    while (ss >> tok) {
        const size_t star = tok.find('*');
        if (star == std::string::npos) {
            ids.push_back(std::stoi(tok));
        } else {
            const TokenId id = std::stoi(tok.substr(0, star));
            ids.insert(ids.end(), static_cast<size_t>(std::stoi(tok.substr(star + 1))), id);
        }
    }
    return ids;
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> f;
    size_t start = 0;
    while (true) {
        const size_t tab = line.find('\t', start);
        f.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos)
            break;
        start = tab + 1;
    }
    return f;
}

const std::vector<std::string>& reference_strings() {
    return strings_file().strings;
}
const std::vector<StringGroup>& reference_groups() {
    return strings_file().groups;
}

std::string group_of(int index) {
    for (const auto& g : reference_groups())
        if (index >= g.begin && index < g.end)
            return g.name;
    return "?";
}

Reference load_reference(const std::string& name) {
    const fs::path p = data_dir() / ("ref-" + name + ".txt");
    const auto& strings = reference_strings();
    Reference r;
    r.name = name;
    for (const std::string& line : read_lines(p)) {
        if (line.empty() || line[0] == '#')
            continue;
        const std::vector<std::string> f = split_tabs(line);
        auto need = [&](size_t n) {
            if (f.size() != n)
                throw std::runtime_error(p.string() + ": expected " + std::to_string(n) + " fields in '" +
                                         line.substr(0, 60) + "'");
        };
        const std::string& kind = f[0];
        if (kind == "I") {
            need(3);
            r.info[f[1]] = f[2];
        } else if (kind == "A") {
            need(3);
            r.attrs[to_int(f[1], p)] = static_cast<uint32_t>(to_int(f[2], p));
        } else if (kind == "T") {
            need(3);
            r.tokens[to_int(f[1], p)] = parse_ids(f[2]);
        } else if (kind == "B") {
            need(3);
            r.with_bos[to_int(f[1], p)] = parse_ids(f[2]);
        } else if (kind == "R") {
            need(3);
            r.detok_removed[to_int(f[1], p)] = unescape(f[2]);
        } else if (kind == "D") {
            need(4);
            const int idx = to_int(f[1], p);
            if (idx < 0 || idx >= static_cast<int>(strings.size()))
                throw std::runtime_error(p.string() + ": bad index");
            const std::string plain = f[2] == "=" ? strings[static_cast<size_t>(idx)] : unescape(f[2]);
            const std::string special = f[3] == "=" ? plain : unescape(f[3]);
            r.detok[idx] = {plain, special};
        } else if (kind == "S") {
            need(3);
            r.special.emplace_back(unescape(f[1]), parse_ids(f[2]));
        } else if (kind == "P") {
            need(4);
            r.pieces[to_int(f[1], p)] = {unescape(f[2]), unescape(f[3])};
        } else {
            throw std::runtime_error(p.string() + ": unknown line kind '" + kind + "'");
        }
    }
    return r;
}

std::vector<std::string> reference_vocab_names() {
    return {"llama-spm",
            "phi-3",
            "deepseek-llm",
            "gpt-2",
            "bert-bge",
            "llama-bpe",
            "qwen2",
            "smollm2",
            "gemma3",
            "t5-botchan",
            "t5-ja",
            "bpe-mini-default",
            "bpe-mini-falcon",
            "bpe-mini-deepseek-coder",
            "bpe-mini-starcoder"};
}

fs::path vocab_path(const std::string& name) {
    const fs::path cache = env_or("PERIMETER_CACHE_DIR", env_or("HOME", "/root") + "/.cache/perimeter");
    if (name == "smollm2")
        return smollm2();
    if (name == "gemma3")
        return gemma3();
    if (name == "llama-bpe" || name == "qwen2")
        return cache / "vocab" / ("ggml-vocab-" + name + ".gguf");
    if (name.rfind("t5-", 0) == 0 || name.rfind("bpe-mini-", 0) == 0)
        return data_dir() / (name + ".gguf");
    return shared_dir() / "vocab" / ("ggml-vocab-" + name + ".gguf");
}

const LoadedVocab& load_vocab(const std::string& name) {
    static std::map<std::string, LoadedVocab> cache;
    auto it = cache.find(name);
    if (it != cache.end())
        return it->second;
    const fs::path p = vocab_path(name);
    if (!fs::exists(p)) {
        throw std::runtime_error(
            "vocabulary '" + name + "' missing: " + p.string() +
            " (the set-up script places it; llama-bpe/qwen2 come from the llama-cpp-python sdist)");
    }
    LoadedVocab v;
    v.file = engine::GgufFile::open(p.string());
    v.tokenizer = std::make_unique<engine::Tokenizer>(engine::Tokenizer::from_gguf(*v.file));
    return cache.emplace(name, std::move(v)).first->second;
}

std::string show_ids(const std::vector<TokenId>& ids) {
    std::string s = "[";
    for (size_t i = 0; i < ids.size(); ++i)
        s += (i ? " " : "") + std::to_string(ids[i]);
    return s + "]";
}

std::string show_text(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\r')
            out += "\\r";
        else if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out + "\"";
}

}  // namespace perimeter::test
