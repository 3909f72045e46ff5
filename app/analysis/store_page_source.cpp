#include "app/analysis/store_page_source.h"

#include "docs-ingest/store.h"

namespace perimeter::analysis {

std::optional<std::string> StorePageSource::page_text(int64_t doc_id, int page) const {
    for (const auto& p : store_.pages(doc_id))
        if (p.number == page) return p.text;
    return std::nullopt;
}

}  // namespace perimeter::analysis
