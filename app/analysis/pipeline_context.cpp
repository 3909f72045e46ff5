#include "app/analysis/pipeline_context.h"

#include <algorithm>

#include "app/analysis/analysis_error.h"
#include "docs-ingest/db/statement.h"
#include "docs-ingest/store.h"

namespace perimeter::analysis {

std::vector<int64_t> resolve_selection(ingest::Store& store, const Selection& sel) {
    std::vector<int64_t> ids;
    for (const auto& name : sel.docs) {
        auto r = store.resolve(name);
        if (r.empty())
            throw AnalysisError(ErrorCode::UnknownDocument, {name}, "no document named '" + name + "' in " + store.db().file());
        ids.insert(ids.end(), r.begin(), r.end());
    }
    if (!sel.collection.empty()) {
        ingest::db::Statement st(store.db(),
                                 "SELECT dc.doc_id FROM document_collections dc JOIN collections c ON c.id = dc.collection_id "
                                 "WHERE c.name = ?1");
        st.bind(1, sel.collection);
        std::vector<int64_t> in;
        while (st.step()) in.push_back(st.get_int(0));
        if (sel.docs.empty()) {
            ids = in;
        } else {
            ids.erase(std::remove_if(ids.begin(), ids.end(),
                                     [&](int64_t d) { return std::find(in.begin(), in.end(), d) == in.end(); }),
                      ids.end());
        }
    }
    if (sel.docs.empty() && sel.collection.empty()) {
        for (const auto& d : store.documents()) ids.push_back(d.id);
    }
    std::vector<int64_t> ready;
    for (int64_t id : ids) {
        auto d = store.document(id);
        if (d && d->status == ingest::DocStatus::Ready && std::find(ready.begin(), ready.end(), id) == ready.end())
            ready.push_back(id);
    }
    if (ready.empty()) {
        std::string what = sel.collection.empty() ? "" : "collection " + sel.collection;
        for (const auto& d : sel.docs) what += (what.empty() ? "" : ", ") + d;
        if (what.empty()) what = "all documents";
        throw AnalysisError(ErrorCode::NoDocuments, {what}, "no ready documents selected (" + what + ")");
    }
    return ready;
}

std::string detect_language(const std::string& text) {
    size_t cyr = 0, lat = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = text[i];
        if ((c == 0xD0 || c == 0xD1) && i + 1 < text.size()) {
            ++cyr;
            ++i;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            ++lat;
        }
    }
    return cyr > lat ? "ru" : "en";
}

Generator& require_generator(const PipelineContext& ctx) {
    if (!ctx.generator) throw AnalysisError(ErrorCode::NoModel, {}, "no model loaded: pass --model FILE or open one in the model manager");
    return *ctx.generator;
}

}  // namespace perimeter::analysis
