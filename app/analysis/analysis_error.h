// Errors of the analysis layer: a code the UI translates, parameters to fill in, and an
// English what() for logs and the CLI.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace perimeter::analysis {

enum class ErrorCode {
    NoDocuments,        // nothing selected, or the selection matches no ready document   {selection}
    UnknownDocument,    // a name that matches no document                               {name}
    NoModel,            // a job that needs a model, with none loaded
    ModelLoad,          // the model file cannot be loaded                                  {file, reason}
    ContextTooSmall,    // the model's context cannot hold the prompt                       {needed, available}
    EmptyRetrieval,     // retrieval found nothing in the selected documents                {question}
    Cancelled,          // the user cancelled; finished parts are kept
    InvalidOutput,      // the model's output failed validation (schema)                    {reason}
    Store,              // the database failed                                              {file, reason}
    Export,             // a report could not be written                                    {file, reason}
    NotFound,           // a report, version, thread or prompt that does not exist          {what}
    InvalidPrompt,      // an edited prompt drops a placeholder its pipeline fills          {prompt, placeholder}
};
const char* to_string(ErrorCode c);

class AnalysisError : public std::runtime_error {
public:
    AnalysisError(ErrorCode code, std::vector<std::string> params, const std::string& message)
        : std::runtime_error(message), code_(code), params_(std::move(params)) {}
    ErrorCode code() const { return code_; }
    const std::vector<std::string>& params() const { return params_; }

private:
    ErrorCode code_;
    std::vector<std::string> params_;
};

}  // namespace perimeter::analysis
