#include "app/analysis/generator.h"

#include "engine/chat/json.h"

namespace perimeter::analysis {

std::string GenParams::to_json() const {
    namespace json = engine::json;
    json::Array stops;
    for (const auto& s : stop) stops.push_back(s);
    return json::dump(json::Object{{"max_tokens", max_tokens},
                                   {"temperature", static_cast<double>(temperature)},
                                   {"top_k", top_k},
                                   {"top_p", static_cast<double>(top_p)},
                                   {"min_p", static_cast<double>(min_p)},
                                   {"repeat_penalty", static_cast<double>(repeat_penalty)},
                                   {"seed", static_cast<int64_t>(seed)},
                                   {"stop", stops},
                                   {"json_schema", !json_schema.empty()},
                                   {"regex", regex}});
}

}  // namespace perimeter::analysis
