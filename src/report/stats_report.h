// Why each package is in a page (the chain of files from the page to the chunk that holds
// it, and the bundler's import chain down to the first app module), and how the bundler's
// own per-package bytes compare with the source maps'. Part of `kiln analyze`'s reports.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "graph/asset_graph.h"
#include "analysis/analysis.h"

namespace kiln::report {

struct PackageReason {
  std::string package;
  graph::Load load = graph::Load::initial;  // initial when a file of the initial load holds it
  std::vector<std::string> files;  // the page's files that hold it (maps or stats), sorted
  std::vector<std::string> via;    // the page, …, the nearest of those files (asset graph)
  std::vector<std::string> chain;  // first app module, …, the package's first module (stats)
  std::string chain_from;          // the stats file the chain comes from
};

// Every package of the page's load (initial and lazy), largest first by the maps' bytes
// (brotli when measured), then packages only the stats know, by name.
std::vector<PackageReason> package_reasons(const pipeline::Analysis& a, const graph::Entry& e);

// One file that has both a map and bundler stats: bytes per group (package, app folder,
// bundler runtime) by each, and the map's [unmapped] bytes (unmapped, EOLs, map comment)
// that bound their difference when the stats are exact (esbuild's bytesInOutput).
struct GroupCheck {
  std::string name;
  uint64_t map = 0, stats = 0;
  int64_t difference() const { return static_cast<int64_t>(stats) - static_cast<int64_t>(map); }
};
struct FileCheck {
  std::string file, stats;
  bool exact = false;
  uint64_t unmapped = 0;
  std::vector<GroupCheck> groups;  // sorted by name
  uint64_t largest_difference() const;
  bool agree() const { return largest_difference() <= unmapped; }
};
std::vector<FileCheck> stats_checks(const pipeline::Analysis& a);

// JSON: "bundlerStats" (each stats file, its outputs and the check) and "why" (per entry,
// package reasons); reports/analyze-schema.md.
nlohmann::json bundler_stats_json(const pipeline::Analysis& a);
nlohmann::json why_json(const pipeline::Analysis& a);
// Text: per page, why its largest packages are there; the stats files and the check.
void print_why_text(std::ostream& out, const pipeline::Analysis& a);

// `--format webpack-stats` (webpack_stats_format.cc): webpack's stats.json shape, for the
// viewers that read it. `base` is the public path.
std::string webpack_stats_json(const pipeline::Analysis& a, const std::string& base);

}  // namespace kiln::report
