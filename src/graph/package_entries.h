// Entries of a folder without HTML pages (a library's build, an npm package): the files its
// package.json publishes, as knip and size-limit users name them by hand. Read from
// "exports" (the "." export: a string, or conditions where "import", "module", "browser",
// "default" and "require" are taken in that order, nested conditions followed), "module",
// "browser" (when a string) and "main", in that order, duplicates dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiln::graph {

struct PackageEntry {
  std::string field;  // "exports", "module", "browser" or "main"
  std::string path;   // as written, "./" removed
};

// An error names what is wrong with the JSON; a package.json without any of the fields
// gives an empty list.
Result<std::vector<PackageEntry>> package_entries(std::string_view package_json);

}  // namespace kiln::graph
