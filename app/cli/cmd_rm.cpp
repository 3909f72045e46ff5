// perimeter-cli rm --db FILE DOC...: deletes documents (by id, file name with or without .pdf,
// or path) with their pages, chunks, index entries, vectors and cached answers, then compacts
// the index and checkpoints the WAL so that none of their text stays in the file. Every name
// is checked first: if one matches nothing, or several documents, nothing is deleted.
#include <filesystem>
#include <iostream>

#include "app/cli/args.h"
#include "app/cli/command.h"
#include "docs-ingest/store.h"

namespace perimeter::cli {
namespace {

int run_rm(const std::vector<std::string>& argv) {
    Args a(argv, {}, {"--db"});
    const std::string db = a.require("--db");
    if (a.positional().empty()) throw UsageError("no DOC given");
    if (!std::filesystem::exists(db)) return fail("rm: " + db + ": no such store");
    ingest::Store store(db);
    std::vector<ingest::DocumentRecord> targets;
    for (const auto& name : a.positional()) {
        auto ids = store.resolve(name);
        if (ids.empty()) return fail("rm: " + db + ": no document named '" + name + "' (nothing deleted)");
        if (ids.size() > 1) {
            std::string list;
            for (auto id : ids) list += (list.empty() ? "" : ", ") + std::to_string(id);
            return fail("rm: '" + name + "' matches " + std::to_string(ids.size()) + " documents (ids " + list +
                        "): give an id (nothing deleted)");
        }
        if (auto d = store.document(ids[0])) targets.push_back(*d);
    }
    for (const auto& d : targets)
        if (store.remove_document(d.id)) std::cout << "removed " << d.id << " " << d.file_name << "\n";
    store.purge_deleted();
    return kOk;
}

}  // namespace

PERIMETER_COMMAND("rm", "rm --db FILE DOC...",
                  "Delete documents: purges pages, chunks, index, vectors and cached answers.",
                  "DOC is an id, a file name (with or without .pdf) or a path, as `docs` lists them.", run_rm);

}  // namespace perimeter::cli
