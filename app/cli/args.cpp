#include "app/cli/args.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "app/cli/command.h"

namespace perimeter::cli {

Args::Args(const std::vector<std::string>& argv, std::vector<std::string> flags,
           std::vector<std::string> options, std::map<std::string, std::string> aliases) {
    auto is = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    bool only_positional = false;
    for (size_t i = 0; i < argv.size(); ++i) {
        std::string a = argv[i];
        if (only_positional || a.size() < 2 || a[0] != '-' ||
            (a[1] != '-' && !aliases.count(a))) {
            // "-" alone, negative numbers as positionals, plain words
            positional_.push_back(a);
            continue;
        }
        if (a == "--") {
            only_positional = true;
            continue;
        }
        std::string value;
        bool has_inline = false;
        if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
            value = a.substr(eq + 1);
            a = a.substr(0, eq);
            has_inline = true;
        }
        if (aliases.count(a)) a = aliases.at(a);
        if (is(flags, a)) {
            if (has_inline) throw UsageError("option " + a + " takes no value");
            flags_set_.push_back(a);
        } else if (is(options, a)) {
            if (!has_inline) {
                if (i + 1 >= argv.size()) throw UsageError("option " + a + " needs a value");
                value = argv[++i];
            }
            values_[a].push_back(value);
        } else {
            throw UsageError("unknown option " + a);
        }
    }
}

bool Args::flag(const std::string& name) const {
    return std::find(flags_set_.begin(), flags_set_.end(), name) != flags_set_.end();
}

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::string Args::require(const std::string& name) const {
    auto v = get(name);
    if (!v) throw UsageError("missing required option " + name);
    return *v;
}

std::vector<std::string> Args::all(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::vector<std::string>{} : it->second;
}

int Args::get_int(const std::string& name, int def) const {
    auto v = get(name);
    if (!v) return def;
    try {
        size_t pos = 0;
        long long x = std::stoll(*v, &pos);
        if (pos != v->size()) throw std::invalid_argument("trailing");
        return static_cast<int>(x);
    } catch (...) {
        throw UsageError("option " + name + " expects an integer, got '" + *v + "'");
    }
}

double Args::get_double(const std::string& name, double def) const {
    auto v = get(name);
    if (!v) return def;
    try {
        size_t pos = 0;
        double x = std::stod(*v, &pos);
        if (pos != v->size()) throw std::invalid_argument("trailing");
        return x;
    } catch (...) {
        throw UsageError("option " + name + " expects a number, got '" + *v + "'");
    }
}

int fail(const std::string& msg) {
    std::cerr << "perimeter-cli: " << msg << std::endl;
    return kFailure;
}

int usage_error(const std::string& cmd, const std::string& msg) {
    std::cerr << "perimeter-cli " << cmd << ": " << msg << " (see perimeter-cli " << cmd << " --help)"
              << std::endl;
    return kUsage;
}

int not_implemented(const std::string& cmd) {
    std::cerr << "perimeter-cli " << cmd << ": not implemented yet" << std::endl;
    return kNotImplemented;
}

std::string json_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 2);
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out;
}

}  // namespace perimeter::cli
