// A line-based unified diff (longest common subsequence), for the version history of reports.
#pragma once
#include <string>

namespace perimeter::analysis {

// "--- a\n+++ b\n@@ -l,n +l,n @@\n ctx\n-old\n+new\n" with `context` lines around each change;
// "" when the texts are equal.
std::string unified_diff(const std::string& before, const std::string& after, int context = 2);

}  // namespace perimeter::analysis
