// Every chat template we know (/work/shared/chat-templates and the templates inside the real
// models) rendered for a set of conversations must equal jinja2's output byte for byte, as
// produced by gen_reference.py with transformers' configuration; a conversation that makes
// jinja2 raise must make ours raise (with the same message for raise_exception()).
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include "engine/gguf/gguf_file.h"
#include "tests/chat_template/chat_test_util.h"
#include "tests/common/test_env.h"

namespace perimeter {
namespace {

using engine::ChatTemplate;
using engine::ChatTemplateError;
namespace json = engine::json;

std::filesystem::path reference_dir() { return test::source_dir() / "tests/chat_template/reference"; }

std::vector<std::string> reference_files() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(reference_dir(), ec))
        if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Shows where two renders first differ.
std::string first_difference(const std::string& want, const std::string& got) {
    size_t i = 0;
    while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
    auto around = [&](const std::string& s) {
        size_t b = i > 40 ? i - 40 : 0;
        return json::dump(json::Value(s.substr(b, 100)));
    };
    return "first difference at byte " + std::to_string(i) + "\n  want: " + around(want) + "\n  got:  " + around(got);
}

class Reference : public ::testing::TestWithParam<std::string> {};

TEST(ReferenceSet, CoversEveryTemplate) {
    auto files = reference_files();
    ASSERT_FALSE(files.empty()) << "no reference data in " << reference_dir() << " (run gen_reference.py)";
    for (const auto& e : std::filesystem::directory_iterator(test::shared_dir() / "chat-templates")) {
        if (e.path().extension() != ".jinja") continue;
        std::string want = e.path().stem().string() + ".json";
        EXPECT_NE(std::find(files.begin(), files.end(), want), files.end())
            << e.path() << " has no reference output: re-run tests/chat_template/gen_reference.py";
    }
}

TEST(ReferenceSet, ModelWithoutTemplateIsAClearError) {
    auto path = test::gemma3();
    ASSERT_TRUE(std::filesystem::exists(path)) << "missing model " << path;
    auto file = engine::GgufFile::open(path.string());
    try {
        ChatTemplate::from_gguf(*file);
        FAIL() << "gemma-3-270m has no tokenizer.chat_template; from_gguf must refuse to guess";
    } catch (const ChatTemplateError& e) {
        EXPECT_NE(std::string(e.what()).find("no tokenizer.chat_template"), std::string::npos) << e.what();
    }
}

TEST_P(Reference, MatchesJinja2) {
    const json::Value doc = json::parse(test::read_file(reference_dir() / GetParam()));
    const std::string source = doc.find("source")->as_string();
    const json::Object& specials = doc.find("special_tokens")->as_object();
    auto special = [&](const char* k) {
        const json::Value* v = specials.find(k);
        return v ? v->as_string() : std::string();
    };
    engine::ChatTemplateOptions opts;
    opts.clock = test::fixed_now;

    std::optional<ChatTemplate> tpl;
    std::unique_ptr<engine::GgufFile> gguf;
    if (source.rfind("shared:", 0) == 0) {
        auto path = test::shared_dir() / "chat-templates" / source.substr(7);
        ASSERT_TRUE(std::filesystem::exists(path)) << "missing template " << path;
        tpl = ChatTemplate::from_string(test::read_file(path), special("bos_token"), special("eos_token"), opts);
    } else {
        auto path = test::models_dir() / source.substr(5);
        ASSERT_TRUE(std::filesystem::exists(path)) << "missing model " << path;
        gguf = engine::GgufFile::open(path.string());
        tpl = ChatTemplate::from_gguf(*gguf, {}, opts);
        for (const char* var : {"bos_token", "eos_token", "unk_token", "pad_token"})
            EXPECT_EQ(tpl->special(var), special(var)) << var;
    }

    std::map<std::string, std::pair<json::Value, json::Object>> convs;
    for (const auto& c : doc.find("conversations")->as_array())
        convs[c.find("name")->as_string()] = {*c.find("messages"), c.find("extra")->as_object()};

    int agree = 0, total = 0;
    for (const auto& c : doc.find("cases")->as_array()) {
        ++total;
        const std::string conv = c.find("conversation")->as_string();
        const bool agp = c.find("add_generation_prompt")->as_bool();
        const auto& [messages, extra] = convs.at(conv);
        SCOPED_TRACE(GetParam() + " / " + conv + (agp ? " / generation prompt" : " / no generation prompt"));
        if (const json::Value* want = c.find("output")) {
            try {
                std::string got = tpl->render_json(messages, agp, extra);
                if (got == want->as_string()) ++agree;
                else ADD_FAILURE() << first_difference(want->as_string(), got);
            } catch (const ChatTemplateError& e) {
                ADD_FAILURE() << "jinja2 rendered it, we raised: " << e.what();
            }
        } else {
            const std::string err = c.find("error")->as_string();
            try {
                std::string got = tpl->render_json(messages, agp, extra);
                ADD_FAILURE() << "jinja2 raised (" << err << ") but we rendered " << got.size() << " bytes";
            } catch (const ChatTemplateError& e) {
                if (c.find("raised")->as_bool()) {
                    // raise_exception(msg): same message.
                    const std::string prefix = "TemplateError: ";
                    EXPECT_EQ(e.kind(), ChatTemplateError::Kind::Raised) << e.what();
                    EXPECT_EQ(e.detail(), err.substr(prefix.size()));
                    if (e.kind() == ChatTemplateError::Kind::Raised && e.detail() == err.substr(prefix.size())) ++agree;
                } else {
                    ++agree;
                }
            }
        }
    }
    std::cout << "[agreement] " << GetParam() << ": " << agree << "/" << total << " cases\n";
    EXPECT_EQ(agree, total);
}

INSTANTIATE_TEST_SUITE_P(Templates, Reference, ::testing::ValuesIn(reference_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string n = info.param.substr(0, info.param.size() - 5);
                             for (char& ch : n)
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                             return n;
                         });

}  // namespace
}  // namespace perimeter
