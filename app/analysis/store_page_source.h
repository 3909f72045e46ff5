// Page text from the document store, for the figure checker.
#pragma once
#include "app/analysis/figure_checker.h"

namespace perimeter::ingest {
class Store;
}

namespace perimeter::analysis {

class StorePageSource : public PageTextSource {
public:
    explicit StorePageSource(ingest::Store& store) : store_(store) {}
    std::optional<std::string> page_text(int64_t doc_id, int page) const override;

private:
    ingest::Store& store_;
};

}  // namespace perimeter::analysis
