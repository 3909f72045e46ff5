// perimeter-cli generate: text from a model, streamed to stdout as it is generated.
//   --raw            the prompt is fed as is (BOS as the vocabulary says, no chat template,
//                    special-token strings stay text); otherwise --prompt becomes one user
//                    message, or --messages gives the conversation, rendered by the model's
//                    chat template
//   --json-schema F  output constrained to JSON valid under the schema in file F
//   --regex RE       output constrained to the regular expression RE
// stdout carries only the generated text; timings go to stderr.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "engine/api/session.h"
#include "engine/chat/json.h"

namespace perimeter::cli {
namespace {

using namespace perimeter::engine;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<ChatMessage> read_messages(const std::string& path) {
    json::Value doc = json::parse(read_file(path));
    const json::Value* arr = doc.is_array() ? &doc : doc.find("messages");
    if (!arr || !arr->is_array()) throw std::runtime_error(path + ": expected a JSON array of messages");
    std::vector<ChatMessage> out;
    for (const json::Value& m : arr->as_array()) {
        const json::Value* role = m.find("role");
        const json::Value* content = m.find("content");
        if (!role || !role->is_string() || !content || !content->is_string())
            throw std::runtime_error(path + ": every message needs string \"role\" and \"content\"");
        out.push_back({role->as_string(), content->as_string(), {}});
    }
    return out;
}

int run_generate(const std::vector<std::string>& argv) {
    std::string model_path;
    GenerationParams gp;
    SessionParams sp;
    bool raw = false;
    std::optional<std::string> prompt, messages;
    try {
        Args args(argv, {"--raw"},
                  {"--model", "--prompt", "--messages", "--n-predict", "--temp", "--top-k", "--top-p", "--min-p",
                   "--repeat-penalty", "--seed", "--stop", "--json-schema", "--regex", "--ctx-size", "--threads"},
                  {{"-n", "--n-predict"}, {"-c", "--ctx-size"}, {"-t", "--threads"}});
        model_path = args.require("--model");
        prompt = args.get("--prompt");
        messages = args.get("--messages");
        if (prompt.has_value() == messages.has_value()) throw UsageError("give exactly one of --prompt and --messages");
        raw = args.flag("--raw");
        if (raw && messages) throw UsageError("--raw takes --prompt, not --messages");
        auto& s = gp.sampling;
        s.max_tokens = args.get_int("--n-predict", 256);
        s.temperature = float(args.get_double("--temp", s.temperature));
        s.top_k = args.get_int("--top-k", s.top_k);
        s.top_p = float(args.get_double("--top-p", s.top_p));
        s.min_p = float(args.get_double("--min-p", s.min_p));
        s.repeat_penalty = float(args.get_double("--repeat-penalty", s.repeat_penalty));
        if (auto seed = args.get("--seed")) {
            s.seed = std::stoull(*seed);
            gp.use_session_seed = false;
        }
        s.stop = args.all("--stop");
        if (auto f = args.get("--json-schema")) gp.json_schema = read_file(*f);
        if (auto re = args.get("--regex")) gp.regex = *re;
        if (!gp.json_schema.empty() && !gp.regex.empty()) throw UsageError("--json-schema and --regex are exclusive");
        sp.n_ctx = args.get_int("--ctx-size", 4096);
        sp.n_threads = args.get_int("--threads", 0);
    } catch (const UsageError& e) {
        return usage_error("generate", e.what());
    } catch (const std::exception& e) {
        return fail(std::string("generate: ") + e.what());
    }
    try {
        Engine engine;
        auto model = engine.load(model_path);
        Session session(model, sp);
        auto print = [](const TokenEvent& e) {
            std::fwrite(e.text.data(), 1, e.text.size(), stdout);
            std::fflush(stdout);
            return true;
        };
        GenerationResult r;
        if (raw) r = session.complete(*prompt, gp, print);
        else if (prompt) r = session.chat({{"user", *prompt, {}}}, gp, print);
        else r = session.chat(read_messages(*messages), gp, print);
        std::fputc('\n', stdout);
        const Timings& t = r.timings;
        std::fprintf(stderr, "generate: %d prompt tokens (%.1f tok/s), %d generated (%.1f tok/s), first token %.0f ms, %s\n",
                     t.n_prompt, t.prompt_tps(), t.n_generated, t.gen_tps(), t.ttft_ms,
                     std::string(finish_reason_name(r.finish)).c_str());
        return kOk;
    } catch (const std::exception& e) {
        return fail("generate: " + model_path + ": " + e.what());
    }
}

}  // namespace

PERIMETER_COMMAND("generate",
                  "generate --model FILE (--prompt TEXT | --messages FILE.json) [--raw] [-n N] [--temp T] [--top-k K] "
                  "[--top-p P] [--min-p P] [--repeat-penalty R] [--seed S] [--stop STR]... [--json-schema FILE | "
                  "--regex RE] [-c CTX] [-t THREADS]",
                  "Generate text with a model.",
                  "Streams the generated text to stdout (timings to stderr).\n"
                  "  --raw            feed --prompt as is, without the chat template; print only the generated text\n"
                  "  --messages F     a JSON array of {\"role\", \"content\"} rendered with the model's chat template\n"
                  "  -n N             at most N tokens (default 256)\n"
                  "  --seed S         sampling seed (default: fixed per session)\n"
                  "  --stop STR       stop at STR (repeatable; STR is not printed)\n"
                  "  --json-schema F  constrain the output to JSON valid under the schema in F\n"
                  "  --regex RE       constrain the output to the regular expression RE\n"
                  "  -c CTX           context size (default 4096, at most the model's)\n"
                  "  -t THREADS       compute threads (default: physical cores)",
                  run_generate);

}  // namespace perimeter::cli
