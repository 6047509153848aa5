// What is inside the bundles (from the sourcemaps phase): packages and app folders per file
// and per page (initial and lazy loads), duplicates, source maps that would be deployed,
// and source-map-explorer's `--json` output. Part of `kiln analyze`'s reports.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "core/diagnostics.h"

namespace kiln::report {

// One package (or app folder, or the bundler runtime) and its bytes in a set of files.
struct GroupBytes {
  std::string name;     // package name, app folder, or "(bundler runtime)"
  bool package = false;
  std::vector<std::string> versions;  // where paths show them
  sourcemap::Bytes bytes;
};

// The groups of `files` (those with a source map), largest first (brotli when measured,
// else raw; then by name).
std::vector<GroupBytes> group_bytes(const pipeline::Analysis& a, const std::vector<scan::FileId>& files);

struct PackageDuplicate {
  std::string package;
  std::vector<std::pair<std::string, std::vector<std::string>>> versions;  // version -> files
};
struct ModuleDuplicate {
  std::string path;                   // the original module
  std::vector<std::string> files;     // the chunks that ship it
  sourcemap::Bytes wasted;            // all copies but the largest
};
std::vector<PackageDuplicate> package_duplicates(const pipeline::Analysis& a, const std::vector<scan::FileId>& files);
std::vector<ModuleDuplicate> module_duplicates(const pipeline::Analysis& a, const std::vector<scan::FileId>& files);

// One warning when .map files are in the folder (they would be deployed and expose the
// original sources), naming them and the pages whose files reference them.
void warn_public_maps(const pipeline::Analysis& a, Diagnostics& diags);

// The "sourceMaps" object of the JSON report (reports/analyze-schema.md).
nlohmann::json bundles_json(const pipeline::Analysis& a);
// Text: per page, the top 10 packages and app folders of its initial load, and duplicates.
void print_bundles_text(std::ostream& out, const pipeline::Analysis& a);
// `source-map-explorer --json` (2.5.3): {"results": [...]} for every file with a map, named
// `root/path` as that tool names the files it is given.
std::string source_map_explorer_json(const pipeline::Analysis& a, const std::string& root);

}  // namespace kiln::report
