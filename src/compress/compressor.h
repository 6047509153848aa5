// The compress phase: `.br`/`.gz`/`.zst` sidecars beside every compressible file, from one
// read of each file. Sidecars come from the content cache when the same bytes were
// compressed with the same settings before; a sidecar already on disk with the right bytes
// is not written again, so a re-run on an unchanged folder writes nothing.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "cache/content_cache.h"
#include "compress/codec.h"
#include "core/diagnostics.h"
#include "fs/disk.h"
#include "scan/scanner.h"

namespace kiln::compress {

struct CompressOptions {
  std::vector<std::string> include;  // added to the default text types (e.g. "**/*.map")
  std::vector<std::string> exclude;
  uint64_t threshold = 1024;  // files smaller than this get no sidecars
  double min_ratio = 0.8;     // a sidecar is written only when compressed/raw <= min_ratio
  bool brotli = true, gzip = true, zstd = false;
  CodecSettings codec;
  bool force = false;    // ignore the cache: compress everything again
  bool dry_run = false;  // decide and measure, write and remove nothing
  unsigned jobs = 0;
  bool progress = false;
};

// Is `path` one of the types compressed by default (text, wasm, fonts other than woff/woff2,
// ico), excluding source maps?
bool compressible_by_default(const std::string& path);

enum class Outcome {
  written,         // sidecar written (new or changed)
  up_to_date,      // sidecar already on disk with exactly these bytes
  not_smaller,     // compressed/raw above min_ratio: not written, stale one removed
  below_threshold, // file smaller than the threshold: not written, stale one removed
  disabled,        // encoding not selected
  failed,
};
const char* outcome_name(Outcome o);

struct EncodingResult {
  Outcome outcome = Outcome::disabled;
  uint64_t bytes = 0;      // compressed size (also when not written)
  bool from_cache = false; // bytes came from the cache, no compression work done
  bool removed_stale = false;
};

struct FileResult {
  std::string path;
  uint64_t raw = 0;
  bool failed = false;
  std::array<EncodingResult, 3> enc;  // indexed by Encoding
  const EncodingResult& operator[](Encoding e) const { return enc[static_cast<size_t>(e)]; }
  EncodingResult& operator[](Encoding e) { return enc[static_cast<size_t>(e)]; }
};

struct CompressResult {
  uint64_t files_seen = 0;              // every file in the folder
  uint64_t sidecars_seen = 0;           // existing .br/.gz/.zst files (never compressed)
  uint64_t not_selected = 0;            // files of types that are not compressed
  std::vector<FileResult> files;        // the selected files, sorted by path
  uint64_t cache_hits = 0, cache_misses = 0;
  bool dry_run = false;
};

// Compresses the selected files under `root`. Per-file failures become diagnostics (and
// FileResult::failed); the run goes on.
CompressResult compress_files(fs::Disk& disk, const std::string& root,
                              const std::vector<scan::FileEntry>& files,
                              const CompressOptions& options, cache::ContentCache& cache,
                              Diagnostics& diags);

}  // namespace kiln::compress
