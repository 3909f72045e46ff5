// The document store's schema, as numbered migrations (see db/migrations.h). A new table or
// column is a new step at the end; a released step is never edited.
#pragma once
#include <vector>

#include "docs-ingest/db/migrations.h"

namespace perimeter::ingest {

const std::vector<db::Migration>& store_migrations();

}  // namespace perimeter::ingest
