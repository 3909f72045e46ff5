// perimeter-cli chat-template --model FILE --messages FILE.json [--no-generation-prompt]:
// renders the model's own tokenizer.chat_template for a conversation, exactly as Hugging Face
// transformers' apply_chat_template(tokenize=False) does, and prints the prompt (no newline
// added). Extra options: --template FILE renders a Jinja file instead of the model's template
// (bos/eos still come from --model when given), --var NAME=JSON passes a template variable
// (e.g. --var enable_thinking=false, --var 'tools=[...]').
//
// The messages file is a JSON array of {"role", "content", ...} objects, or an object
// {"messages": [...], <other variables>...}.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "engine/chat/chat_template.h"
#include "engine/gguf/gguf_file.h"

namespace perimeter::cli {
namespace {

namespace json = engine::json;

std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error(path + ": cannot open");
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

json::Value read_json(const std::string& path) {
    std::string text = read_text(path);
    try {
        return json::parse(text);
    } catch (const json::ParseError& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

// "template line 3: unknown filter 'foo'"
std::string describe(const engine::ChatTemplateError& e) {
    if (e.line() > 0) return "template line " + std::to_string(e.line()) + ": " + e.detail();
    return e.detail();
}

int run(const std::vector<std::string>& argv) {
    Args args(argv, {"--no-generation-prompt"}, {"--model", "--messages", "--template", "--var"});
    if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
    const std::string messages_path = args.require("--messages");
    auto model_path = args.get("--model");
    auto template_path = args.get("--template");
    if (!model_path && !template_path) throw UsageError("missing required option --model");

    json::Value doc = read_json(messages_path);
    json::Object vars;
    json::Value messages;
    if (doc.is_array()) {
        messages = doc;
    } else if (doc.is_object() && doc.find("messages")) {
        for (const auto& [k, v] : doc.as_object()) {
            if (k == "messages") messages = v;
            else vars.set(k, v);
        }
    } else {
        return fail("chat-template: " + messages_path + ": expected a JSON array of messages or an object with \"messages\"");
    }
    for (const std::string& kv : args.all("--var")) {
        auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) throw UsageError("--var expects NAME=JSON, got '" + kv + "'");
        try {
            vars.set(kv.substr(0, eq), json::parse(kv.substr(eq + 1)));
        } catch (const json::ParseError& e) {
            throw UsageError("--var " + kv.substr(0, eq) + ": " + e.what());
        }
    }

    std::unique_ptr<engine::GgufFile> model;
    if (model_path) model = engine::GgufFile::open(*model_path);
    std::optional<engine::ChatTemplate> tpl;
    try {
        if (template_path) {
            std::string bos, eos;
            if (model) {
                bos = engine::gguf_token_text(*model, "tokenizer.ggml.bos_token_id");
                eos = engine::gguf_token_text(*model, "tokenizer.ggml.eos_token_id");
            }
            tpl = engine::ChatTemplate::from_string(read_text(*template_path), bos, eos);
        } else {
            tpl = engine::ChatTemplate::from_gguf(*model);
        }
    } catch (const engine::ChatTemplateError& e) {
        // from_gguf names the model file itself; a syntax error names the template file.
        const std::string& where = template_path ? *template_path : *model_path;
        std::string msg = e.detail();
        if (msg.find(where) == std::string::npos) msg = where + ": " + describe(e);
        return fail("chat-template: " + msg);
    }
    try {
        std::string prompt = tpl->render_json(messages, !args.flag("--no-generation-prompt"), vars);
        std::cout << prompt << std::flush;
    } catch (const engine::ChatTemplateError& e) {
        return fail("chat-template: " + messages_path + ": " + describe(e));
    }
    return kOk;
}

}  // namespace

PERIMETER_COMMAND("chat-template", "chat-template --model FILE --messages FILE.json [--no-generation-prompt]",
                  "Render the model's own chat template for a conversation.",
                  "Prints the prompt exactly as Hugging Face transformers renders the model's\n"
                  "tokenizer.chat_template (no newline added). A model without a template is an error.\n\n"
                  "  --messages FILE.json     JSON array of {\"role\", \"content\", ...} messages, or an object\n"
                  "                           {\"messages\": [...], \"tools\": [...], ...} (other keys become variables)\n"
                  "  --no-generation-prompt   add_generation_prompt=false (default true)\n"
                  "  --template FILE          render this Jinja template instead of the model's\n"
                  "  --var NAME=JSON          set a template variable, e.g. --var enable_thinking=false",
                  run);

}  // namespace perimeter::cli
