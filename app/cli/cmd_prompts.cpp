// perimeter-cli prompts --db FILE [--json]                      the latest version of every prompt
//               prompts --db FILE --show ID [--lang L] [--version N]
//               prompts --db FILE --history ID [--lang L] [--json]
//               prompts --db FILE --edit ID [--lang L] --file TEXT [--author NAME]
// The prompt library of a store: shipped defaults (resources/prompts) and the analyst's edits,
// each a new version; an edit must keep the placeholders the pipeline fills and is recorded in
// the audit log. Reports record the "id@version/lang" they were generated with.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/analysis/workspace.h"
#include "app/cli/args.h"
#include "app/cli/command.h"

namespace perimeter::cli {
namespace {

std::string q(const std::string& s) { return "\"" + json_escape(s) + "\""; }

std::string json_row(const analysis::Prompt& p, bool with_text) {
    std::string o = "{\"id\":" + q(p.id) + ",\"language\":" + q(p.language) + ",\"version\":" +
                    std::to_string(p.version) + ",\"origin\":" + q(p.origin) + ",\"created_at\":" + q(p.created_at) +
                    ",\"ref\":" + q(p.ref());
    if (with_text) o += ",\"text\":" + q(p.text);
    return o + "}";
}

std::string first_line(const std::string& s) {
    const size_t nl = s.find('\n');
    std::string l = s.substr(0, nl);
    if (l.size() > 60) l = l.substr(0, 57) + "...";
    return l;
}

std::string default_author() {
    const char* u = std::getenv("USER");
    return u && *u ? u : "analyst";
}

int run_prompts(const std::vector<std::string>& argv) {
    Args a(argv, {"--json"}, {"--db", "--show", "--history", "--edit", "--lang", "--version", "--file", "--author"});
    const std::string db = a.require("--db");
    if (!a.positional().empty()) throw UsageError("unexpected argument '" + a.positional()[0] + "'");
    const int modes = int(a.get("--show").has_value()) + int(a.get("--history").has_value()) +
                      int(a.get("--edit").has_value());
    if (modes > 1) throw UsageError("give one of --show, --history, --edit");
    if (a.get("--file") && !a.get("--edit")) throw UsageError("--file goes with --edit");
    if (!std::filesystem::exists(db)) return fail("prompts: " + db + ": no such store (run `ingest` first)");
    const std::string lang = a.get("--lang").value_or("en");
    const bool json = a.flag("--json");
    try {
        analysis::Workspace ws(db);
        auto& lib = ws.prompts();
        if (auto id = a.get("--show")) {
            const auto p = a.get("--version") ? lib.get_version(*id, lang, a.get_int("--version", 0)) : lib.get(*id, lang);
            if (json)
                std::cout << json_row(p, true) << "\n";
            else
                std::cout << p.text << "\n";
            return kOk;
        }
        if (auto id = a.get("--history")) {
            const auto h = lib.history(*id, lang);
            if (h.empty()) return fail("prompts: " + db + ": no prompt '" + *id + "' (" + lang + ")");
            if (json) {
                std::cout << "[";
                for (size_t i = 0; i < h.size(); ++i) std::cout << (i ? ",\n " : "") << json_row(h[i], true);
                std::cout << "]\n";
            } else {
                for (const auto& p : h)
                    std::cout << "v" << p.version << "  " << p.origin << "  " << p.created_at << "  " << first_line(p.text)
                              << "\n";
            }
            return kOk;
        }
        if (auto id = a.get("--edit")) {
            const std::string file = a.require("--file");
            std::ifstream in(file, std::ios::binary);
            if (!in) return fail("prompts: " + file + ": cannot read the edited prompt");
            std::ostringstream ss;
            ss << in.rdbuf();
            std::string text = ss.str();
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
            if (text.empty()) return fail("prompts: " + file + ": the edited prompt is empty");
            const auto p = ws.edit_prompt(*id, lang, text, a.get("--author").value_or(default_author()));
            if (json)
                std::cout << json_row(p, false) << "\n";
            else
                std::cout << "saved " << p.ref() << "\n";
            return kOk;
        }
        const auto all = lib.list();
        if (json) {
            std::cout << "[";
            for (size_t i = 0; i < all.size(); ++i) std::cout << (i ? ",\n " : "") << json_row(all[i], false);
            std::cout << "]\n";
        } else {
            for (const auto& p : all)
                std::cout << p.id << std::string(p.id.size() < 16 ? 16 - p.id.size() : 1, ' ') << p.language << "  v"
                          << p.version << "  " << p.origin << "\n";
        }
        return kOk;
    } catch (const analysis::AnalysisError& e) {
        return fail("prompts: " + db + ": " + e.what());
    }
}

}  // namespace

PERIMETER_COMMAND("prompts",
                  "prompts --db FILE [--show ID | --history ID | --edit ID --file TEXT] [--lang L] [--version N] "
                  "[--author NAME] [--json]",
                  "List, show and edit the prompt library (each edit a new version).",
                  "Without a mode: the latest version of every prompt. --show prints a prompt's text (latest, or\n"
                  "--version N); --history lists its versions; --edit stores the text of FILE as a new version\n"
                  "(it must keep the {placeholders} the pipeline fills) and records it in the audit log.\n"
                  "--lang en|ru (default en).",
                  run_prompts);

}  // namespace perimeter::cli
