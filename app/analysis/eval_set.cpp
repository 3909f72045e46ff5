#include "app/analysis/eval_set.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "docs-ingest/store.h"
#include "engine/chat/json.h"

namespace perimeter::analysis {
namespace fs = std::filesystem;
namespace json = engine::json;

namespace {

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("eval set: " + file.string() + ": cannot open");
    std::ostringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);  // UTF-8 BOM
    return text;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

// "a, b; c" -> {"a", "b", "c"}
std::vector<std::string> split_names(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ',' || c == ';' || c == '\n') {
            if (!trim(cur).empty()) out.push_back(trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!trim(cur).empty()) out.push_back(trim(cur));
    return out;
}

int page_number(const json::Value& v, const std::string& where) {
    if (v.is_int()) return static_cast<int>(v.as_int());
    if (v.is_string()) {
        const std::string& s = v.as_string();
        if (!s.empty() && s.size() < 7 && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            return std::stoi(s);
    }
    throw std::runtime_error(where + ": evidence page must be a positive integer");
}

std::string string_member(const json::Value& obj, const char* key, const std::string& where, bool required) {
    const json::Value* v = obj.find(key);
    if (!v || v->is_null()) {
        if (required) throw std::runtime_error(where + ": missing \"" + key + "\"");
        return {};
    }
    if (!v->is_string()) throw std::runtime_error(where + ": \"" + key + "\" must be a string");
    return v->as_string();
}

EvalSet load_jsonl(const fs::path& file, const std::string& text) {
    EvalSet set{file.filename().string(), "jsonl", {}};
    std::istringstream in(text);
    std::string line;
    size_t line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (trim(line).empty()) continue;
        const std::string where = "eval set: " + file.string() + ": line " + std::to_string(line_no);
        json::Value v;
        try {
            v = json::parse(line);
        } catch (const json::ParseError& e) {
            throw std::runtime_error(where + ": " + e.what());
        }
        if (!v.is_object()) throw std::runtime_error(where + ": expected a JSON object");
        EvalItem it;
        it.id = string_member(v, "id", where, false);
        if (it.id.empty()) it.id = std::to_string(line_no);
        it.question = trim(string_member(v, "question", where, true));
        if (it.question.empty()) throw std::runtime_error(where + ": empty \"question\"");
        if (const json::Value* a = v.find("answerable"); a && !a->is_null()) {
            if (!a->is_bool()) throw std::runtime_error(where + ": \"answerable\" must be true or false");
            it.answerable = a->as_bool();
        }
        it.expected = string_member(v, "answer", where, it.answerable);
        it.kind = string_member(v, "question_type", where, false);
        it.split = string_member(v, "split", where, false);
        if (!it.split.empty() && it.split != "dev" && it.split != "test")
            throw std::runtime_error(where + ": \"split\" must be \"dev\" or \"test\", got \"" + it.split + "\"");
        if (const json::Value* d = v.find("doc"); d && d->is_string()) it.docs.push_back(d->as_string());
        if (const json::Value* d = v.find("docs"); d && !d->is_null()) {
            if (!d->is_array()) throw std::runtime_error(where + ": \"docs\" must be an array of names");
            for (const auto& n : d->as_array()) {
                if (!n.is_string()) throw std::runtime_error(where + ": \"docs\" must be an array of names");
                it.docs.push_back(n.as_string());
            }
        }
        if (const json::Value* ev = v.find("evidence"); ev && !ev->is_null()) {
            if (!ev->is_array()) throw std::runtime_error(where + ": \"evidence\" must be an array");
            for (const auto& e : ev->as_array()) {
                EvidencePage p;
                if (e.is_object()) {
                    const json::Value* pg = e.find("page");
                    if (!pg) pg = e.find("evidence_page_num");
                    if (!pg) throw std::runtime_error(where + ": evidence entry without \"page\"");
                    p.page = page_number(*pg, where);
                    p.doc = string_member(e, "doc", where, false);
                } else {
                    p.page = page_number(e, where);
                }
                if (p.page <= 0) throw std::runtime_error(where + ": evidence page must be >= 1 (1-based)");
                if (p.doc.empty()) {
                    if (it.docs.size() != 1)
                        throw std::runtime_error(where + ": evidence page " + std::to_string(p.page) +
                                                 " names no \"doc\" and the item has " + std::to_string(it.docs.size()) +
                                                 " documents");
                    p.doc = it.docs.front();
                }
                it.evidence.push_back(p);
            }
        }
        set.items.push_back(std::move(it));
    }
    return set;
}

// RFC 4180: fields separated by commas, quoted fields may hold commas, newlines and "".
std::vector<std::vector<std::string>> parse_csv(const std::string& text, const fs::path& file) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    size_t line = 1;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field += c;
            }
            continue;
        }
        if (c == '"') {
            if (!field.empty())
                throw std::runtime_error("eval set: " + file.string() + ": line " + std::to_string(line) +
                                         ": quote inside an unquoted field");
            quoted = true;
            any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++line;
            if (any || !field.empty()) {
                row.push_back(std::move(field));
                rows.push_back(std::move(row));
            }
            row.clear();
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (quoted) throw std::runtime_error("eval set: " + file.string() + ": unterminated quoted field at the end");
    if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

EvalSet load_csv(const fs::path& file, const std::string& text) {
    EvalSet set{file.filename().string(), "csv", {}};
    const auto rows = parse_csv(text, file);
    if (rows.empty()) throw std::runtime_error("eval set: " + file.string() + ": empty file");
    int q = -1, a = -1, d = -1, t = -1;
    for (size_t c = 0; c < rows[0].size(); ++c) {
        const std::string h = lower(trim(rows[0][c]));
        if (h == "question") q = static_cast<int>(c);
        if (h == "answer") a = static_cast<int>(c);
        if (h == "source docs" || h == "source_docs" || h == "docs") d = static_cast<int>(c);
        if (h == "question type" || h == "question_type") t = static_cast<int>(c);
    }
    if (q < 0 || a < 0)
        throw std::runtime_error("eval set: " + file.string() + ": header must have \"Question\" and \"Answer\" columns");
    for (size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        auto col = [&](int c) { return c >= 0 && static_cast<size_t>(c) < row.size() ? row[c] : std::string(); };
        EvalItem it;
        it.id = std::to_string(r);
        it.question = trim(col(q));
        it.expected = trim(col(a));
        if (it.question.empty()) continue;
        it.docs = split_names(col(d));
        it.kind = trim(col(t));
        set.items.push_back(std::move(it));
    }
    return set;
}

}  // namespace

EvalSet load_eval_set(const fs::path& file) {
    if (!fs::exists(file)) throw std::runtime_error("eval set: " + file.string() + ": no such file");
    const std::string text = read_file(file);
    const std::string ext = lower(file.extension().string());
    EvalSet set;
    if (ext == ".jsonl" || ext == ".json")
        set = load_jsonl(file, text);
    else if (ext == ".csv")
        set = load_csv(file, text);
    else
        throw std::runtime_error("eval set: " + file.string() + ": unknown format (expected .jsonl or .csv)");
    if (set.items.empty()) throw std::runtime_error("eval set: " + file.string() + ": no questions");
    return set;
}

bool glob_match(const std::string& pattern, const std::string& name) {
    // Iterative matcher with one backtrack point for '*'.
    size_t p = 0, n = 0, star = std::string::npos, mark = 0;
    auto eq = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    while (n < name.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || eq(pattern[p], name[n]))) {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = n;
        } else if (star != std::string::npos) {
            p = star + 1;
            n = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::vector<int64_t> match_documents(ingest::Store& store, const std::string& pattern) {
    std::vector<int64_t> ids;
    const bool glob = pattern.find_first_of("*?") != std::string::npos;
    for (const auto& d : store.documents()) {
        if (d.status != ingest::DocStatus::Ready) continue;
        const std::string stem = fs::path(d.file_name).stem().string();
        const bool hit = glob ? glob_match(pattern, d.file_name) || glob_match(pattern, stem)
                              : lower(pattern) == lower(d.file_name) || lower(pattern) == lower(stem);
        if (hit) ids.push_back(d.id);
    }
    return ids;
}

}  // namespace perimeter::analysis
