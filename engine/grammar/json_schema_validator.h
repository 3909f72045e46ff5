// Validates a JSON value (or text) against a JSON Schema. Run it on every constrained generation:
// the grammar keeps the shape, this checks what a grammar cannot (oneOf exclusivity, uniqueItems,
// multipleOf, exclusive bounds, calendar dates) and guards against a grammar bug.
//
// Errors name the path in the instance: "$.key_metrics[2].value: 12 > maximum 10".
// Keywords: type, enum, const, properties, required, additionalProperties, items, minItems,
// maxItems, uniqueItems, minLength, maxLength (code points), pattern (ECMAScript, searched as the
// spec says), format (date, time, date-time, uuid), minimum, maximum, exclusiveMinimum,
// exclusiveMaximum, multipleOf, anyOf, oneOf, allOf, not, $ref (#/$defs/..., #/definitions/...).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "engine/chat/json.h"

namespace perimeter::engine {

struct JsonValidationError {
    std::string path;     // "$.key_metrics[2].value"
    std::string message;  // "12 > maximum 10"
    std::string str() const { return path + ": " + message; }
};

class JsonSchemaValidator {
public:
    explicit JsonSchemaValidator(json::Value schema) : schema_(std::move(schema)) {}

    // All problems found (empty: valid).
    std::vector<JsonValidationError> validate(const json::Value& instance) const;
    // Parses first; a parse error is one error at "$".
    std::vector<JsonValidationError> validate_text(std::string_view json_text) const;

private:
    void check(const json::Value& v, const json::Value& s, const std::string& path,
               std::vector<JsonValidationError>& out, int depth) const;
    json::Value schema_;
};

}  // namespace perimeter::engine
