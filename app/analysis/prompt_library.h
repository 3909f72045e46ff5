// The prompt library: the defaults from resources/prompts (English and Russian) loaded into
// SQLite with versions; an edit is a new version; reports record "id@version".
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace perimeter::ingest::db {
class Database;
}

namespace perimeter::analysis {

struct Prompt {
    std::string id;        // "ask.system"
    std::string language;  // "en" / "ru"
    int version = 1;
    std::string text;
    std::string origin;    // "default" (shipped in resources/prompts) or "edit" (an analyst's)
    std::string created_at;
    std::string ref() const { return id + "@" + std::to_string(version) + "/" + language; }
};

class PromptLibrary {
public:
    PromptLibrary(ingest::db::Database& db, const std::filesystem::path& defaults_dir);
    // The latest version of a prompt (falls back to English when a language lacks it).
    Prompt get(const std::string& id, const std::string& language);
    Prompt get_version(const std::string& id, const std::string& language, int version);
    // Stores an edited text as a new version; returns it. The edit must keep every {placeholder}
    // of the prompt's shipped default (the pipeline fills them: the sources, the question...);
    // otherwise AnalysisError{InvalidPrompt, {ref, "{name}"}} and nothing is stored.
    Prompt edit(const std::string& id, const std::string& language, const std::string& text);
    // The latest version of every prompt and language.
    std::vector<Prompt> list();
    // Every version of one prompt, newest first.
    std::vector<Prompt> history(const std::string& id, const std::string& language);

private:
    ingest::db::Database& db_;
};

// The {name} placeholders of a template, in order of first appearance ("{sources}").
std::vector<std::string> placeholders(const std::string& templ);

// Fills {name} placeholders; unknown names are left as they are.
std::string fill(const std::string& templ, const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace perimeter::analysis
