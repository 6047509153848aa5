// The analysis pipeline shared by `kiln analyze`, budget, hash, split and build:
//   scan -> parse -> graph -> measure -> source maps
// Each phase hands plain structs indexed by FileId to the next; each file is read once. What
// it makes, Analysis, is plain data in analysis/analysis.h.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/analysis.h"
#include "cache/content_cache.h"
#include "compress/codec.h"
#include "core/diagnostics.h"
#include "core/perf.h"
#include "fs/disk.h"
#include "parse/reference.h"
#include "scan/scanner.h"

namespace kiln::pipeline {

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

// Fails only when `root` is not a readable folder; everything else becomes diagnostics.
Result<Analysis> analyze(fs::Disk& disk, const std::string& root, const AnalysisOptions& options,
                         cache::ContentCache& cache, Diagnostics& diags, Perf& perf);

}  // namespace kiln::pipeline
