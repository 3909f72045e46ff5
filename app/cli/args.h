// A small, strict argument parser for the subcommands: options are declared up front, an
// unknown option or a missing value is a usage error that names it.
#pragma once
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace perimeter::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // flags: options without a value ("--json"); options: with a value ("--model").
    // Short aliases are given as "-n=--n-predict" style pairs in `aliases`.
    Args(const std::vector<std::string>& argv, std::vector<std::string> flags,
         std::vector<std::string> options, std::map<std::string, std::string> aliases = {});

    bool flag(const std::string& name) const;
    std::optional<std::string> get(const std::string& name) const;
    std::string require(const std::string& name) const;  // throws UsageError
    std::vector<std::string> all(const std::string& name) const;  // repeated options
    int get_int(const std::string& name, int def) const;
    double get_double(const std::string& name, double def) const;
    const std::vector<std::string>& positional() const { return positional_; }

private:
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> flags_set_;
    std::vector<std::string> positional_;
};

// Prints "perimeter-cli: <msg>" to stderr and returns kFailure / kUsage.
int fail(const std::string& msg);
int usage_error(const std::string& cmd, const std::string& msg);
// For subcommands whose layer is not built yet.
int not_implemented(const std::string& cmd);

// JSON string escaping for hand-written JSON output.
std::string json_escape(const std::string& s);

}  // namespace perimeter::cli
