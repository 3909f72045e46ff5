// perimeter-cli chat-template on the real SmolLM2 model: the printed prompt equals jinja2's
// rendering of the model's template (reference/gguf-SmolLM2-135M-Instruct.Q4_1.json), and a
// model without a template fails with one line naming the file.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>

#include "tests/chat_template/chat_test_util.h"
#include "tests/common/test_env.h"

namespace perimeter {
namespace {

namespace json = engine::json;

struct Result {
    int rc = -1;
    std::string out;
};

std::string quote(const std::filesystem::path& p) {
    std::string q(1, '\'');
    q += p.string();
    q += '\'';
    return q;
}

Result run(const std::string& args) {
    auto cli = test::bin_dir() / "perimeter-cli";
    std::string cmd = quote(cli);
    cmd += ' ';
    cmd += args;
    cmd += " 2>&1";
    Result r;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int status = pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}


class ChatTemplateCli : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(std::filesystem::exists(test::bin_dir() / "perimeter-cli")) << "build perimeter-cli first";
        ASSERT_TRUE(std::filesystem::exists(test::smollm2())) << "missing model " << test::smollm2();
        ref_ = json::parse(test::read_file(test::source_dir() /
                                           "tests/chat_template/reference/gguf-SmolLM2-135M-Instruct.Q4_1.json"));
    }
    // Writes the conversation's messages to a file and returns the reference outputs.
    std::filesystem::path write_messages(const std::string& conv) {
        auto path = test::out_dir() / ("chat_cli_" + conv + ".json");
        for (const auto& c : ref_.find("conversations")->as_array())
            if (c.find("name")->as_string() == conv) std::ofstream(path) << json::dump(*c.find("messages"));
        return path;
    }
    std::string expected(const std::string& conv, bool agp) {
        for (const auto& c : ref_.find("cases")->as_array())
            if (c.find("conversation")->as_string() == conv && c.find("add_generation_prompt")->as_bool() == agp)
                return c.find("output")->as_string();
        return "(no reference)";
    }
    json::Value ref_;
};

TEST_F(ChatTemplateCli, PrintsTheModelsTemplateExactly) {
    for (const char* conv : {"basic", "russian_unicode", "template_text"}) {
        auto msgs = write_messages(conv);
        Result r = run("chat-template --model " + quote(test::smollm2()) + " --messages " + quote(msgs));
        EXPECT_EQ(r.rc, 0) << r.out;
        EXPECT_EQ(r.out, expected(conv, true)) << conv;
        r = run("chat-template --model " + quote(test::smollm2()) + " --messages " + quote(msgs) +
                " --no-generation-prompt");
        EXPECT_EQ(r.rc, 0) << r.out;
        EXPECT_EQ(r.out, expected(conv, false)) << conv;
    }
}

TEST_F(ChatTemplateCli, ModelWithoutTemplateFailsWithOneLine) {
    auto msgs = write_messages("basic");
    Result r = run("chat-template --model " + quote(test::gemma3()) + " --messages " + quote(msgs));
    EXPECT_EQ(r.rc, 1);
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_NE(r.out.find(test::gemma3().string() + ": no tokenizer.chat_template"), std::string::npos) << r.out;
}

TEST_F(ChatTemplateCli, BadInputsNameTheFile) {
    auto bad = test::out_dir() / "chat_cli_bad.json";
    std::ofstream(bad) << "[{\"role\": \"user\",}]";
    Result r = run("chat-template --model " + quote(test::smollm2()) + " --messages " + quote(bad));
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.out.find(bad.string() + ": json: line 1, column 18"), std::string::npos) << r.out;

    auto tpl = test::out_dir() / "chat_cli_bad.jinja";
    std::ofstream(tpl) << "line one\n{{ messages | nosuch }}";
    r = run("chat-template --template " + quote(tpl) + " --messages " + quote(write_messages("basic")));
    EXPECT_EQ(r.rc, 1);
    EXPECT_NE(r.out.find("template line 2: unknown filter 'nosuch'"), std::string::npos) << r.out;

    r = run("chat-template --messages " + quote(write_messages("basic")));
    EXPECT_EQ(r.rc, 2) << r.out;
}

TEST_F(ChatTemplateCli, TemplateFileAndVariables) {
    auto tpl = test::out_dir() / "chat_cli_vars.jinja";
    std::ofstream(tpl) << "{{ bos_token }}{{ messages|length }}|{{ flag }}|{{ add_generation_prompt }}";
    Result r = run("chat-template --model " + quote(test::smollm2()) + " --template " + quote(tpl) +
                   " --messages " + quote(write_messages("basic")) + " --var flag='{\"a\": [1]}'");
    EXPECT_EQ(r.rc, 0) << r.out;
    EXPECT_EQ(r.out, std::string(ref_.find("special_tokens")->find("bos_token")->as_string()) + "4|{'a': [1]}|True");
}

}  // namespace
}  // namespace perimeter
