// perimeter-cli tokenize --model FILE [--no-bos] [--special] [--] TEXT: the token ids of TEXT
// for the model's vocabulary, separated by spaces, exactly as llama.cpp's llama_tokenize gives
// them. BOS (and EOS/SEP where the vocabulary adds them) unless --no-bos; control-token
// strings in TEXT stay plain text unless --special.
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "engine/gguf/gguf_file.h"
#include "engine/tokenizer/tokenizer.h"

namespace perimeter::cli {
namespace {

int run_tokenize(const std::vector<std::string>& argv) {
    std::string model;
    bool no_bos = false, special = false;
    std::string text;
    try {
        Args args(argv, {"--no-bos", "--special"}, {"--model"});
        model = args.require("--model");
        no_bos = args.flag("--no-bos");
        special = args.flag("--special");
        const auto& pos = args.positional();
        if (pos.empty())
            throw UsageError("missing TEXT");
        for (size_t i = 0; i < pos.size(); ++i)
            text += (i ? " " : "") + pos[i];
    } catch (const UsageError& e) {
        return usage_error("tokenize", e.what());
    }
    try {
        const auto file = engine::GgufFile::open(model);
        const engine::Tokenizer tok = engine::Tokenizer::from_gguf(*file);
        const std::vector<engine::TokenId> ids = tok.tokenize(text, !no_bos, special);
        std::string line;
        for (size_t i = 0; i < ids.size(); ++i)
            line += (i ? " " : "") + std::to_string(ids[i]);
        std::cout << line << "\n";
        return kOk;
    } catch (const std::exception& e) {
        return fail("tokenize: " + model + ": " + e.what());
    }
}

}  // namespace

PERIMETER_COMMAND("tokenize", "tokenize --model FILE [--no-bos] [--special] [--] TEXT",
                  "Token ids of TEXT, separated by spaces.",
                  "Tokenizes TEXT with the vocabulary of the GGUF model FILE (ids as llama.cpp gives them).\n"
                  "  --no-bos   do not add the BOS/EOS/SEP tokens the vocabulary adds by default\n"
                  "  --special  parse control-token strings in TEXT (e.g. <|im_end|>) as those tokens;\n"
                  "             without it they are plain text\n"
                  "Several TEXT arguments are joined with single spaces; use -- before a TEXT that starts with '-'.",
                  run_tokenize);

}  // namespace perimeter::cli
