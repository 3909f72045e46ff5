// Editing the prompt library, as the analyst does it (CLI `prompts`, the GUI's prompt editor):
// an edit is a new version recorded in the audit log, the next answer uses it (and records its
// version, missing the response cache of the old one), and an edit that drops a placeholder the
// pipeline fills is refused with a named error, storing nothing. Real store, real model.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <optional>

#include "app/analysis/analysis_error.h"
#include "app/analysis/audit_log.h"
#include "app/analysis/prompt_library.h"
#include "app/analysis/workspace.h"
#include "docs-ingest/store.h"
#include "tests/analysis/pipeline_fixture.h"

using namespace perimeter;
using namespace perimeter::analysis;

namespace {

WorkspaceOptions options() {
    WorkspaceOptions o;
    o.model.path = test::smollm2();
    o.model.context = 2048;
    o.model.threads = 2;
    o.prompts_dir = test::source_dir() / "resources" / "prompts";
    return o;
}

std::string run(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen((cmd + " 2>&1").c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        const int rc = pclose(p);
        out += "\n[rc=" + std::to_string(WEXITSTATUS(rc)) + "]";
    }
    return out;
}

// The newest audit entry of an action (the log lists newest first).
std::optional<AuditEntry> last(AuditLog& log, const std::string& action) {
    for (auto& e : log.entries())
        if (e.action == action) return e;
    return std::nullopt;
}

}  // namespace

TEST(PromptPlaceholders, FoundInOrderOnce) {
    EXPECT_EQ(placeholders("Sources:\n{sources}\n\nQuestion: {question} {sources}"),
              (std::vector<std::string>{"{sources}", "{question}"}));
    // JSON braces and empty or odd names are not placeholders.
    EXPECT_TRUE(placeholders("Reply as {\"rating\": \"buy\"} or {} or { x }").empty());
}

TEST(PromptEdit, NewVersionAuditedUsedAndValidated) {
    ASSERT_TRUE(std::filesystem::exists(test::smollm2())) << "missing model " << test::smollm2();
    const auto db = test::ingest_samples("prompt_edit.db");
    Workspace ws(db, options());

    AskRequest req;
    req.question = "What was the revenue of Northwind Components in 2025?";
    req.selection.docs = {"northwind-annual-report-2025.pdf"};
    Answer before = ws.ask(req);
    ASSERT_FALSE(before.from_cache);
    const auto ask1 = last(ws.audit(), "ask");
    ASSERT_TRUE(ask1);
    EXPECT_NE(ask1->details.find("ask.system@1/en"), std::string::npos) << ask1->details;

    // The analyst shortens the system prompt: version 2, audited with the author.
    const std::string text = ws.prompts().get("ask.system", "en").text + "\nAnswer in at most two sentences.";
    Prompt p = ws.edit_prompt("ask.system", "en", text, "alice");
    EXPECT_EQ(p.version, 2);
    EXPECT_EQ(p.origin, "edit");
    EXPECT_FALSE(p.created_at.empty());
    const auto edit = last(ws.audit(), "edit");
    ASSERT_TRUE(edit);
    EXPECT_EQ(edit->actor, "alice");
    EXPECT_EQ(edit->subject, "prompt ask.system/en v2");
    EXPECT_NE(edit->details.find("\"previous_version\":1"), std::string::npos) << edit->details;

    // The same question now runs with version 2: not the cached answer of version 1.
    Answer after = ws.ask(req);
    EXPECT_FALSE(after.from_cache);
    const auto ask2 = last(ws.audit(), "ask");
    ASSERT_TRUE(ask2);
    EXPECT_NE(ask2->details.find("ask.system@2/en"), std::string::npos) << ask2->details;

    // Dropping {sources} from the user prompt is refused and stores nothing.
    const size_t versions = ws.prompts().history("ask.user", "en").size();
    try {
        ws.edit_prompt("ask.user", "en", "Question: {question}", "alice");
        ADD_FAILURE() << "an edit without {sources} was stored";
    } catch (const AnalysisError& e) {
        EXPECT_EQ(e.code(), ErrorCode::InvalidPrompt);
        ASSERT_EQ(e.params().size(), 2u);
        EXPECT_EQ(e.params()[1], "{sources}");
    }
    EXPECT_EQ(ws.prompts().history("ask.user", "en").size(), versions);
    // Editing a prompt that does not exist is a named error too.
    try {
        ws.edit_prompt("no.such.prompt", "en", "x", "alice");
        ADD_FAILURE() << "edited a prompt that does not exist";
    } catch (const AnalysisError& e) {
        EXPECT_EQ(e.code(), ErrorCode::NotFound);
    }

    // History: newest first, with where each version came from.
    const auto h = ws.prompts().history("ask.system", "en");
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[0].version, 2);
    EXPECT_EQ(h[0].text, text);
    EXPECT_EQ(h[1].origin, "default");
}

TEST(PromptEdit, CommandLine) {
    const auto db = test::ingest_samples("prompt_cli.db");
    const std::string cli = (test::bin_dir() / "perimeter-cli").string() + " prompts --db " + db.string();
    const auto file = test::out_dir() / "analysis" / "prompt_edit.txt";
    {
        std::ofstream(file) << "Данные ниже — источники.\n{sources}\n\nВопрос: {question}\n";
    }
    std::string out = run(cli + " --edit ask.user --lang ru --file " + file.string() + " --author bob");
    EXPECT_NE(out.find("saved ask.user@2/ru"), std::string::npos) << out;
    out = run(cli + " --history ask.user --lang ru --json");
    EXPECT_NE(out.find("\"version\":2,\"origin\":\"edit\""), std::string::npos) << out;
    EXPECT_NE(out.find("Данные ниже"), std::string::npos) << out;
    EXPECT_NE(out.find("[rc=0]"), std::string::npos) << out;
    out = run(cli + " --show ask.user --lang ru --version 1");
    EXPECT_EQ(out.find("Данные ниже"), std::string::npos) << out;

    {
        std::ofstream(file) << "Вопрос: {question}\n";
    }
    out = run(cli + " --edit ask.user --lang ru --file " + file.string());
    EXPECT_NE(out.find("drops the placeholder {sources}"), std::string::npos) << out;
    EXPECT_NE(out.find("[rc=1]"), std::string::npos) << out;
    out = run(cli + " --edit ask.user --lang ru --file " + (file.string() + ".missing"));
    EXPECT_NE(out.find("cannot read"), std::string::npos) << out;
    EXPECT_EQ(out.find("[rc=0]"), std::string::npos) << out;
}
