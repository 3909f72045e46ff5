// A question set for evaluation: questions with reference answers, the documents they are
// about and, where known, the 1-based evidence pages. Two formats on disk:
//   .jsonl  one object a line: {"id", "question", "answer", "doc" | "docs", "evidence":
//           [{"page": N, "doc"?: NAME}], "answerable"?: bool, "split"?: "dev" | "test"}  (FinanceBench and our own sets)
//   .csv    the sec-10q layout: Question, Source Docs ("*2023 Q3 AAPL*"), Question Type,
//           Source Chunk Type, Answer  (no pages)
// A document name may be a glob ("*AAPL*"); it is matched against the store's file names.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace perimeter::ingest {
class Store;
}

namespace perimeter::analysis {

struct EvidencePage {
    std::string doc;  // file name (or pattern) the page belongs to
    int page = 0;     // 1-based
};

struct EvalItem {
    std::string id;                      // the set's id, or the 1-based line/row number
    std::string question;
    std::string expected;                // reference answer; empty for unanswerable questions
    std::vector<std::string> docs;       // names or globs of the documents it is about; empty = any
    std::vector<EvidencePage> evidence;  // empty when the set has no pages
    bool answerable = true;              // false: the documents do not contain the answer
    std::string kind;                    // the set's question type, for breakdowns
    std::string split;                   // "dev" (rules are tuned on it) or "test" (only reported); "" = none
};

struct EvalSet {
    std::string name;    // file name
    std::string format;  // "jsonl" or "csv"
    std::vector<EvalItem> items;
};

// Throws std::runtime_error naming the file, the line and what is wrong.
EvalSet load_eval_set(const std::filesystem::path& file);

// Ready documents whose file name matches `pattern`: a glob with * and ? (case-insensitive),
// or a plain name with or without ".pdf".
std::vector<int64_t> match_documents(ingest::Store& store, const std::string& pattern);
bool glob_match(const std::string& pattern, const std::string& name);  // case-insensitive

}  // namespace perimeter::analysis
