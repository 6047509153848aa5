// The sourcemaps phase: for every script and stylesheet with a source map, the bytes (raw,
// gzip, brotli) each original source, npm package and app folder contributes, plus
// source-map-explorer's special buckets. Plain data by FileId; results are cached by the
// content of the file and of its map, so a warm run decodes no map.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cache/content_cache.h"
#include "core/diagnostics.h"
#include "fs/disk.h"
#include "parse/reference.h"
#include "scan/scanner.h"
#include "sourcemap/map_locator.h"

namespace kiln::sourcemap {

struct Bytes {
  uint64_t raw = 0, gzip = 0, brotli = 0;
  Bytes& operator+=(const Bytes& o) {
    raw += o.raw, gzip += o.gzip, brotli += o.brotli;
    return *this;
  }
};

struct SourceEntry {
  std::string sme_key;  // source-map-explorer's name ("[no source]" for 1-field segments)
  std::string path, package, version;  // source_name.h
  bool runtime = false, ignored = false, no_source = false;
  Bytes bytes;
};

struct BundleSources {
  scan::FileId file = 0;
  MapOrigin origin = MapOrigin::external;
  std::string map_path;              // relative to the root; empty for an inline map
  std::vector<SourceEntry> sources;  // in the order of their first segment (zero-byte ones too)
  Bytes unmapped, eol, comment;      // `[no source]` is an entry of `sources`
  uint64_t total = 0, mapped = 0;
  uint32_t past_line_end = 0;
  bool mixed_eols = false;
  bool compressed = false;           // gzip/brotli shares computed (the measure phase ran)
  uint64_t gzip_alone = 0, brotli_alone = 0;
  std::string mismatch;              // the map does not belong to the file: all bytes unmapped
  std::string error;                 // the map could not be read or parsed: no attribution
};

struct BundleInputs {
  const std::vector<scan::FileEntry>& files;
  // By FileId. Both empty: maps are found by the comment source-map-explorer reads
  // (map_comment.h), resolved against the file's folder, else NAME.map beside the file.
  const std::vector<parse::ParsedFile>& parsed;
  const std::vector<std::vector<scan::FileId>>& ref_targets;  // graph::AssetGraph::ref_targets
  std::vector<uint64_t> gzip, brotli;  // real sizes by FileId; empty: raw bytes only
};

struct BundleOptions {
  unsigned jobs = 0;
  bool store_cache = true;
};

// Sorted by FileId. Problems (unreadable or invalid maps, maps that do not belong to their
// file) become warnings naming both files.
std::vector<BundleSources> analyze_bundles(fs::Disk& disk, const std::string& root, const BundleInputs& in,
                                           const BundleOptions& options, cache::ContentCache& cache,
                                           Diagnostics& diags);

// The cache's form of one result (JSON text), and back.
std::string encode_bundle(const BundleSources& b);
bool decode_bundle(const std::string& text, BundleSources& b);

}  // namespace kiln::sourcemap
