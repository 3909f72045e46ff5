// Subcommands whose layer is not built yet. When a layer lands, its cmd_<name>.cpp
// registers the real command and the stub line here is deleted.
#include "app/cli/args.h"
#include "app/cli/command.h"

namespace perimeter::cli {
namespace {

Command stub(const char* name, const char* usage, const char* summary) {
    return Command{name, usage, summary, "", [n = std::string(name)](const std::vector<std::string>&) {
                       return not_implemented(n);
                   },
                   true};
}

}  // namespace

static Registrar stubs[] = {
    Registrar{stub("tokenize", "tokenize --model FILE [--no-bos] [--special] [--] TEXT", "Token ids of TEXT, separated by spaces.")},
    Registrar{stub("chat-template", "chat-template --model FILE --messages FILE.json [--no-generation-prompt]", "Render the model's own chat template for a conversation.")},
    Registrar{stub("generate", "generate --model FILE (--prompt TEXT | --messages FILE.json) [--raw] [-n N] [--temp T] [--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--seed S] [--stop STR]... [--json-schema FILE | --regex RE] [-c CTX] [-t THREADS]", "Generate text with a model.")},
    Registrar{stub("perplexity", "perplexity --model FILE --file TEXT [--ctx N]", "Perplexity of a text file; last line: \"ppl <value>\".")},
    Registrar{stub("bench", "bench --model FILE [-t N] [-p N] [-n N] [--json]", "Prompt-processing and generation speed.")},
};

}  // namespace perimeter::cli
