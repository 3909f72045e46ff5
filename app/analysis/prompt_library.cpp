#include "app/analysis/prompt_library.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "app/analysis/analysis_error.h"
#include "docs-ingest/db/database.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/db/transaction.h"
#include "engine/chat/json.h"

namespace perimeter::analysis {
namespace db = ingest::db;
namespace json = engine::json;

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw AnalysisError(ErrorCode::NotFound, {p.string()}, p.string() + ": cannot read the prompt file");
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

constexpr const char* kColumns = "id, language, version, text, origin, created_at";

Prompt row(db::Statement& st) {
    return Prompt{st.get_text(0), st.get_text(1), static_cast<int>(st.get_int(2)), st.get_text(3), st.get_text(4),
                  st.get_text(5)};
}

bool is_placeholder_name(const std::string& s) {
    if (s.empty() || s.size() > 40) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
    return true;
}

}  // namespace

PromptLibrary::PromptLibrary(db::Database& db, const std::filesystem::path& dir) : db_(db) {
    // Load the defaults: a file whose text differs from the newest default of its prompt
    // becomes a new version (an analyst's edits stay newer versions of their own).
    const auto manifest = dir / "prompts.json";
    if (dir.empty() || !std::filesystem::exists(manifest)) return;
    const json::Value list = json::parse(read_file(manifest));
    db::Transaction tx(db_);
    for (const auto& item : list.as_array()) {
        const auto& o = item.as_object();
        const std::string id = o.find("id")->as_string(), lang = o.find("lang")->as_string();
        const std::string text = read_file(dir / o.find("file")->as_string());
        db::Statement last(db_, "SELECT text FROM prompts WHERE id=?1 AND language=?2 AND origin='default' "
                                "ORDER BY version DESC LIMIT 1");
        last.bind(1, id).bind(2, lang);
        if (last.step() && last.get_text(0) == text) continue;
        db::Statement next(db_, "SELECT coalesce(max(version), 0) + 1 FROM prompts WHERE id=?1 AND language=?2");
        next.bind(1, id).bind(2, lang);
        next.step();
        db::Statement ins(db_, "INSERT INTO prompts(id, language, version, text, origin) VALUES (?1, ?2, ?3, ?4, 'default')");
        ins.bind(1, id).bind(2, lang).bind(3, next.get_int(0)).bind(4, text);
        ins.run();
    }
    tx.commit();
}

Prompt PromptLibrary::get(const std::string& id, const std::string& language) {
    for (const std::string& lang : {language, std::string("en")}) {
        db::Statement st(db_, std::string("SELECT ") + kColumns +
                                  " FROM prompts WHERE id=?1 AND language=?2 ORDER BY version DESC LIMIT 1");
        st.bind(1, id).bind(2, lang);
        if (st.step()) return row(st);
    }
    throw AnalysisError(ErrorCode::NotFound, {"prompt " + id}, "prompt library: no prompt '" + id + "'");
}

Prompt PromptLibrary::get_version(const std::string& id, const std::string& language, int version) {
    db::Statement st(db_, std::string("SELECT ") + kColumns + " FROM prompts WHERE id=?1 AND language=?2 AND version=?3");
    st.bind(1, id).bind(2, language).bind(3, version);
    if (!st.step())
        throw AnalysisError(ErrorCode::NotFound, {"prompt " + id + "@" + std::to_string(version)},
                            "prompt library: no version " + std::to_string(version) + " of '" + id + "' (" + language + ")");
    return row(st);
}

Prompt PromptLibrary::edit(const std::string& id, const std::string& language, const std::string& text) {
    db::Statement def(db_, "SELECT text FROM prompts WHERE id=?1 AND language=?2 AND origin='default' "
                           "ORDER BY version DESC LIMIT 1");
    def.bind(1, id).bind(2, language);
    if (!def.step())
        throw AnalysisError(ErrorCode::NotFound, {"prompt " + id + "/" + language},
                            "prompt library: no prompt '" + id + "' (" + language + ") to edit");
    for (const std::string& name : placeholders(def.get_text(0)))
        if (text.find(name) == std::string::npos)
            throw AnalysisError(ErrorCode::InvalidPrompt, {id + "/" + language, name},
                                "prompt library: the edit of " + id + " (" + language + ") drops the placeholder " +
                                    name + " that the pipeline fills");
    db::Transaction tx(db_);
    db::Statement next(db_, "SELECT coalesce(max(version), 0) + 1 FROM prompts WHERE id=?1 AND language=?2");
    next.bind(1, id).bind(2, language);
    next.step();
    const int v = static_cast<int>(next.get_int(0));
    db::Statement ins(db_, "INSERT INTO prompts(id, language, version, text, origin) VALUES (?1, ?2, ?3, ?4, 'edit')");
    ins.bind(1, id).bind(2, language).bind(3, v).bind(4, text);
    ins.run();
    tx.commit();
    return get_version(id, language, v);
}

std::vector<Prompt> PromptLibrary::list() {
    std::vector<Prompt> out;
    db::Statement st(db_, "SELECT p.id, p.language, p.version, p.text, p.origin, p.created_at FROM prompts p "
                          "WHERE p.version = (SELECT max(version) FROM prompts q WHERE q.id = p.id AND "
                          "q.language = p.language) ORDER BY p.id, p.language");
    while (st.step()) out.push_back(row(st));
    return out;
}

std::vector<Prompt> PromptLibrary::history(const std::string& id, const std::string& language) {
    std::vector<Prompt> out;
    db::Statement st(db_, std::string("SELECT ") + kColumns +
                              " FROM prompts WHERE id=?1 AND language=?2 ORDER BY version DESC");
    st.bind(1, id).bind(2, language);
    while (st.step()) out.push_back(row(st));
    return out;
}

std::vector<std::string> placeholders(const std::string& templ) {
    std::vector<std::string> out;
    size_t i = 0;
    while ((i = templ.find('{', i)) != std::string::npos) {
        const size_t close = templ.find('}', i + 1);
        if (close == std::string::npos) break;
        const std::string name = templ.substr(i + 1, close - i - 1);
        if (is_placeholder_name(name)) {
            const std::string ph = "{" + name + "}";
            if (std::find(out.begin(), out.end(), ph) == out.end()) out.push_back(ph);
            i = close + 1;
        } else {
            ++i;
        }
    }
    return out;
}

std::string fill(const std::string& templ, const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out;
    out.reserve(templ.size() * 2);
    size_t i = 0;
    while (i < templ.size()) {
        if (templ[i] == '{') {
            const size_t close = templ.find('}', i + 1);
            if (close != std::string::npos) {
                const std::string name = templ.substr(i + 1, close - i - 1);
                bool done = false;
                for (const auto& [k, v] : values) {
                    if (k == name) {
                        out += v;
                        done = true;
                        break;
                    }
                }
                if (done) {
                    i = close + 1;
                    continue;
                }
            }
        }
        out += templ[i++];
    }
    return out;
}

}  // namespace perimeter::analysis
