#include "docs-ingest/page_diverse_retriever.h"

#include <map>
#include <utility>

namespace perimeter::ingest {

std::vector<SearchHit> PageDiverseRetriever::search(const SearchQuery& q) {
    SearchQuery wide = q;
    wide.k = q.k * widen_;
    std::vector<SearchHit> all = inner_.search(wide);
    std::map<std::pair<int64_t, int>, size_t> taken;
    std::vector<SearchHit> out, rest;
    for (auto& h : all) {
        size_t& n = taken[{h.doc_id, h.page}];
        if (n < per_page_ && out.size() < q.k) {
            ++n;
            out.push_back(std::move(h));
        } else {
            rest.push_back(std::move(h));
        }
    }
    // Fewer distinct pages than k: fill up with the best of the rest.
    for (auto& h : rest) {
        if (out.size() >= q.k) break;
        out.push_back(std::move(h));
    }
    return out;
}

}  // namespace perimeter::ingest
