#include "app/analysis/text_diff.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace perimeter::analysis {
namespace {

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    std::string l;
    while (std::getline(in, l)) out.push_back(l);
    return out;
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after, int context) {
    if (before == after) return {};
    const auto a = lines(before), b = lines(after);
    const size_t n = a.size(), m = b.size();
    // LCS table (reports are a few hundred lines at most).
    std::vector<std::vector<int>> L(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;) L[i][j] = a[i] == b[j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
    // Edit script: ' ', '-', '+' with line indices.
    struct Op {
        char kind;
        size_t ai, bi;
    };
    std::vector<Op> ops;
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            ops.push_back({' ', i++, j++});
        } else if (j < m && (i == n || L[i][j + 1] >= L[i + 1][j])) {
            ops.push_back({'+', i, j++});
        } else {
            ops.push_back({'-', i++, j});
        }
    }
    std::ostringstream out;
    out << "--- before\n+++ after\n";
    size_t k = 0;
    while (k < ops.size()) {
        if (ops[k].kind == ' ') {
            ++k;
            continue;
        }
        // A hunk: from `context` lines before the change to `context` after the last change
        // that is within 2*context of the next.
        size_t start = k >= static_cast<size_t>(context) ? k - context : 0;
        while (start < k && ops[start].kind != ' ') ++start;
        size_t end = k;
        size_t last_change = k;
        while (end < ops.size()) {
            if (ops[end].kind != ' ') last_change = end;
            if (end - last_change > static_cast<size_t>(2 * context)) break;
            ++end;
        }
        end = std::min(ops.size(), last_change + context + 1);
        size_t a0 = ops[start].ai, b0 = ops[start].bi, na = 0, nb = 0;
        for (size_t t = start; t < end; ++t) {
            if (ops[t].kind != '+') ++na;
            if (ops[t].kind != '-') ++nb;
        }
        out << "@@ -" << a0 + 1 << "," << na << " +" << b0 + 1 << "," << nb << " @@\n";
        for (size_t t = start; t < end; ++t) {
            const auto& op = ops[t];
            out << op.kind << (op.kind == '+' ? b[op.bi] : a[op.ai]) << "\n";
        }
        k = end;
    }
    return out.str();
}

}  // namespace perimeter::analysis
