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
    std::string ref() const { return id + "@" + std::to_string(version) + "/" + language; }
};

class PromptLibrary {
public:
    PromptLibrary(ingest::db::Database& db, const std::filesystem::path& defaults_dir);
    // The latest version of a prompt (falls back to English when a language lacks it).
    Prompt get(const std::string& id, const std::string& language);
    Prompt get_version(const std::string& id, const std::string& language, int version);
    // Stores an edited text as a new version; returns it.
    Prompt edit(const std::string& id, const std::string& language, const std::string& text);
    std::vector<Prompt> list();

private:
    ingest::db::Database& db_;
};

// Fills {name} placeholders; unknown names are left as they are.
std::string fill(const std::string& templ, const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace perimeter::analysis
