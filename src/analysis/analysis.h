// What an analysis of a built folder found, as plain data: the files, their parse results and
// sizes, the asset graph, and what the sources inside bundles weigh. pipeline::analyze()
// (pipeline/analysis.h) makes it; the steps (hash, manifest, page, deploy, budget) and the
// reports read it. This folder sits below them all and above graph and sourcemap, whose
// results it holds (scripts/check-layers). The namespace is still `pipeline`, as when this
// lived in pipeline/analysis.h, so code using pipeline::Analysis did not change.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/asset_graph.h"
#include "graph/package_entries.h"
#include "parse/reference.h"
#include "scan/scanner.h"
#include "sourcemap/bundle_sources.h"
#include "sourcemap/stats_link.h"

namespace kiln::pipeline {

// Lighthouse's resource types (budget.json resourceSizes), plus the file kinds kiln adds.
enum class ResourceType { document, script, stylesheet, image, font, media, other };
inline constexpr size_t kResourceTypes = 7;
const char* resource_type_name(ResourceType t);
ResourceType resource_type_of(scan::FileKind kind);

struct Sizes {
  uint64_t raw = 0, gzip = 0, brotli = 0;
  Sizes& operator+=(const Sizes& o) {
    raw += o.raw, gzip += o.gzip, brotli += o.brotli;
    return *this;
  }
};

struct FileFacts {
  Sizes sizes;
  bool compressible = false;  // measured by the encoders; otherwise sent as is (gzip = brotli = raw)
  bool read_failed = false;
};

struct Analysis {
  std::vector<scan::FileEntry> files;
  std::vector<parse::ParsedFile> parsed;  // by FileId (empty for files with no syntax)
  std::vector<FileFacts> facts;           // by FileId
  graph::AssetGraph graph;
  uint64_t cache_hits = 0, cache_misses = 0;  // compressed sizes
  uint64_t parses_cached = 0, parses_run = 0;   // parse results from the cache / parsed now
  uint64_t syntax_error_files = 0, recovered_refs = 0;
  // Files (read_failed) and folders that could not be read, each reported as an error.
  uint64_t unreadable = 0;
  // With no HTML page and no --entry: the entries package.json names.
  std::vector<graph::PackageEntry> package_entries;
  // With options.sourcemaps: what is inside each file that has a source map, by FileId order.
  std::vector<sourcemap::BundleSources> bundles;
  // Bundler stats (`kiln analyze --stats`, or found in the folder), tied to its files.
  std::vector<sourcemap::LinkedStats> stats;
};

// Sum of the sizes of `ids`, in total and per resource type.
struct SizeBreakdown {
  Sizes total;
  uint64_t files = 0;
  std::array<Sizes, kResourceTypes> by_type{};
  std::array<uint64_t, kResourceTypes> count_by_type{};
};
SizeBreakdown breakdown(const Analysis& a, const std::vector<scan::FileId>& ids);

}  // namespace kiln::pipeline
