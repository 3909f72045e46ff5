// perimeter-cli: headless entry point. Every job the GUI runs is scriptable here.
// Subcommands register themselves (cmd_*.cpp); this file only dispatches.
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/args.h"
#include "app/cli/command.h"

namespace perimeter::cli {
std::vector<Command>& registry() {
    static std::vector<Command> commands;
    return commands;
}
}  // namespace perimeter::cli

namespace {

// The order of the contract in README.md.
const char* const kOrder[] = {"models", "model-info", "tokenize", "chat-template", "generate",
                              "perplexity", "bench", "ingest", "rm", "docs", "search", "ask",
                              "report", "eval"};

void print_help() {
    using perimeter::cli::registry;
    std::vector<perimeter::cli::Command> cmds;
    for (const auto& c : registry()) {
        bool shadowed = c.stub && std::any_of(registry().begin(), registry().end(), [&](const auto& o) {
                            return !o.stub && o.name == c.name;
                        });
        if (!shadowed) cmds.push_back(c);
    }
    auto rank = [](const std::string& n) {
        for (size_t i = 0; i < std::size(kOrder); ++i)
            if (n == kOrder[i]) return i;
        return std::size(kOrder);
    };
    std::stable_sort(cmds.begin(), cmds.end(),
                     [&](const auto& a, const auto& b) { return rank(a.name) < rank(b.name); });
    std::cout << "perimeter-cli " << PERIMETER_VERSION
              << " - offline document analysis for financial analysts\n\n"
                 "usage: perimeter-cli COMMAND [OPTIONS]\n\ncommands:\n";
    for (const auto& c : cmds) {
        std::cout << "  " << c.usage << "\n      " << c.summary << "\n";
    }
    std::cout << "\nRun 'perimeter-cli COMMAND --help' for a command's options. Pages are 1-based.\n";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace perimeter::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_help();
        return args.empty() ? kUsage : kOk;
    }
    if (args[0] == "--version") {
        std::cout << "perimeter-cli " << PERIMETER_VERSION << "\n";
        return kOk;
    }
    const std::string name = args[0];
    auto& cmds = registry();
    auto it = std::find_if(cmds.begin(), cmds.end(), [&](const Command& c) { return c.name == name && !c.stub; });
    if (it == cmds.end())
        it = std::find_if(cmds.begin(), cmds.end(), [&](const Command& c) { return c.name == name; });
    if (it == cmds.end()) {
        std::cerr << "perimeter-cli: unknown command '" << name << "' (see perimeter-cli --help)\n";
        return kUsage;
    }
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (std::find(rest.begin(), rest.end(), "--help") != rest.end() ||
        std::find(rest.begin(), rest.end(), "-h") != rest.end()) {
        std::cout << "usage: perimeter-cli " << it->usage << "\n\n" << it->summary << "\n";
        if (!it->help.empty()) std::cout << "\n" << it->help << "\n";
        return kOk;
    }
    try {
        return it->run(rest);
    } catch (const UsageError& e) {
        return usage_error(name, e.what());
    } catch (const std::exception& e) {
        return fail(name + ": " + e.what());
    }
}
