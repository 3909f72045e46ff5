// Retrieval results spread over pages: at most `per_page` chunks of one page among the top k.
// Overlapping chunks of one table page otherwise fill the top 5 (measured on FinanceBench: the
// same statement page three times), while the evidence sits on the next page. A decorator over
// any retriever; the order within what is kept is the inner retriever's.
#pragma once
#include "docs-ingest/search.h"

namespace perimeter::ingest {

class PageDiverseRetriever : public Retriever {
public:
    PageDiverseRetriever(Retriever& inner, size_t per_page = 1, size_t widen = 4)
        : inner_(inner), per_page_(per_page), widen_(widen) {}
    std::vector<SearchHit> search(const SearchQuery& q) override;

private:
    Retriever& inner_;
    size_t per_page_;  // chunks of one page kept
    size_t widen_;     // the inner retriever is asked for k * widen hits
};

}  // namespace perimeter::ingest
