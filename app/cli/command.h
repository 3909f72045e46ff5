// perimeter-cli subcommands. Each subcommand lives in its own cmd_<name>.cpp and registers
// itself with PERIMETER_COMMAND; main.cpp only dispatches. Contract (names, options, output)
// is in README.md and must stay stable.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace perimeter::cli {

struct Command {
    std::string name;
    std::string usage;    // "model-info FILE [--json]"
    std::string summary;  // one line for `perimeter-cli --help`
    std::string help;     // full help for `perimeter-cli NAME --help`
    std::function<int(const std::vector<std::string>& args)> run;  // args after the name
    bool stub = false;    // placeholder until the layer exists; a real command of the same name wins
};

std::vector<Command>& registry();

struct Registrar {
    explicit Registrar(Command c) { registry().push_back(std::move(c)); }
};

// Exit codes.
constexpr int kOk = 0;
constexpr int kFailure = 1;
constexpr int kUsage = 2;
constexpr int kNotImplemented = 3;

}  // namespace perimeter::cli

#define PERIMETER_CLI_CONCAT2(a, b) a##b
#define PERIMETER_CLI_CONCAT(a, b) PERIMETER_CLI_CONCAT2(a, b)
#define PERIMETER_COMMAND(...) \
    static ::perimeter::cli::Registrar PERIMETER_CLI_CONCAT(perimeter_cmd_, __LINE__){::perimeter::cli::Command{__VA_ARGS__}}
