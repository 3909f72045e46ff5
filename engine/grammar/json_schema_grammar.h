// JSON Schema -> GBNF: constrained decoding of JSON that fits a schema.
//
// Supported: type (also a list of types), properties / required (optional properties may be left
// out; properties come in the schema's order), additionalProperties (false unless the schema or
// the options say otherwise), nested objects, items / minItems / maxItems, enum, const, strings
// with minLength / maxLength / pattern / format (date, time, date-time, uuid), integers and numbers
// with minimum / maximum (kept by the grammar digit by digit; exclusive bounds are enforced
// exactly for integers and by the validator for numbers), boolean, null, anyOf / oneOf, allOf with
// one member, $ref to #/$defs/... and #/definitions/... (recursion allowed), {} / true for any value.
//
// Whitespace is bounded: at most one newline and a few blanks between tokens (or none with
// compact), so a model cannot loop on spaces. What a grammar cannot express (oneOf exclusivity,
// uniqueItems, multipleOf, exclusive number bounds) is checked by validate_json (json_schema_validator.h),
// which should ALWAYS run on the result.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "engine/chat/json.h"
#include "engine/grammar/grammar.h"

namespace perimeter::engine {

class JsonSchemaError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct JsonGrammarOptions {
    bool compact = false;                 // no whitespace at all between tokens
    int max_indent = 16;                  // blanks allowed after a newline
    bool additional_properties = false;   // when a schema object does not say
    int max_int_digits = 16;
    int max_frac_digits = 16;
};

// Throws JsonSchemaError naming the schema path: "json_schema: $.properties.rating.enum: expected an array".
std::string json_schema_to_gbnf(const json::Value& schema, const JsonGrammarOptions& opts = {});
std::string json_schema_to_gbnf(std::string_view schema_json, const JsonGrammarOptions& opts = {});
std::shared_ptr<const Grammar> json_schema_grammar(std::string_view schema_json, const JsonGrammarOptions& opts = {});

}  // namespace perimeter::engine
