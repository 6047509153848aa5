// The analysis pipeline shared by `kiln analyze` (and later budget, hash, build):
//   scan -> parse -> graph -> measure
// Each phase hands plain structs indexed by FileId to the next; each file is read once.
#pragma once

#include <array>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cache/content_cache.h"
#include "compress/codec.h"
#include "core/diagnostics.h"
#include "core/perf.h"
#include "fs/disk.h"
#include "graph/asset_graph.h"
#include "graph/package_entries.h"
#include "parse/reference.h"
#include "scan/scanner.h"
#include "sourcemap/bundle_sources.h"

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

// Parse results of one run by cache key, shared by the analyses of a `kiln build` (before
// images, after images, after hashing), so a file is parsed once even with --no-cache.
class ParseMemo {
 public:
  std::optional<parse::ParsedFile> find(const std::string& key) const;
  void add(const std::string& key, const parse::ParsedFile& parsed);

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, parse::ParsedFile> parsed_;
};

struct AnalysisOptions {
  std::vector<std::string> exclude;
  bool follow_symlinks = false;  // follow links that lead outside the folder
  graph::GraphOptions graph;
  compress::CodecSettings codec;
  unsigned jobs = 0;
  bool progress = false;
  bool store_cache = true;
  bool measure = true;  // compressed sizes (hash and precache do not need them)
  ParseMemo* memo = nullptr;  // optional: parse results already made in this run
  bool sourcemaps = false;    // attribute scripts' and stylesheets' bytes to their sources
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
};

// Fails only when `root` is not a readable folder; everything else becomes diagnostics.
Result<Analysis> analyze(fs::Disk& disk, const std::string& root, const AnalysisOptions& options,
                         cache::ContentCache& cache, Diagnostics& diags, Perf& perf);

// Sum of the sizes of `ids`, in total and per resource type.
struct SizeBreakdown {
  Sizes total;
  uint64_t files = 0;
  std::array<Sizes, kResourceTypes> by_type{};
  std::array<uint64_t, kResourceTypes> count_by_type{};
};
SizeBreakdown breakdown(const Analysis& a, const std::vector<scan::FileId>& ids);

}  // namespace kiln::pipeline
