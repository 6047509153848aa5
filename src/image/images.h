// The images phase: WebP (and AVIF) variants beside every raster image in a folder, from one
// read and one decode of each source. Conversions come from the content cache when the same
// bytes were converted with the same settings before; a variant already on disk with the
// right bytes is not written again, so a re-run on an unchanged folder writes nothing. A
// variant that is skipped now (not smaller, would upscale, ...) and exists from an earlier
// run is removed; kiln only ever removes the exact names it derives for a source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cache/content_cache.h"
#include "core/diagnostics.h"
#include "fs/disk.h"
#include "image/options.h"
#include "image/variant.h"
#include "scan/scanner.h"

namespace kiln::image {

struct VariantResult {
  std::string path;  // relative to the root
  Format format = Format::webp;
  uint32_t requested_width = 0;  // 0 = full size
  uint32_t width = 0, height = 0;  // of one frame
  uint64_t bytes = 0;
  std::string mode;
  Outcome outcome = Outcome::failed;
  std::string reason;  // for the skipped ones
  bool removed_stale = false;
};

struct ImageResult {
  std::string path;
  uint64_t bytes = 0;
  std::string format;  // of the source, from its content
  uint32_t width = 0, height = 0, frames = 0;
  bool alpha = false;
  bool failed = false;
  bool from_cache = false;
  std::vector<VariantResult> variants;
};

// What --rewrite-html did (or, in a dry run, would do).
struct PictureRewrite {
  uint32_t pictures = 0, pages = 0;
  bool dry_run = false;
};

struct ImagesResult {
  uint64_t files_seen = 0;
  uint64_t svg_left = 0;        // SVG: left alone
  uint64_t other_images = 0;    // .avif/.ico/.bmp sources: not converted
  uint64_t outputs_seen = 0;    // kiln's own variants from earlier runs (never sources)
  uint64_t excluded = 0;        // raster images matching --exclude
  std::vector<ImageResult> images;  // sorted by path
  uint64_t cache_hits = 0, cache_misses = 0;
  bool dry_run = false;
  std::string avif_unavailable;  // why AVIF was not written although asked; empty otherwise
  std::optional<PictureRewrite> html;  // with --rewrite-html
};

// Is `path` one of the types converted (png, jpg/jpeg, gif, webp, tif/tiff; svg when `svg`)?
bool is_convertible(const std::string& path, bool svg = false);

// Converts the raster images among `files` (the scan of `root`). Per-file failures become
// diagnostics (and ImageResult::failed); the run goes on.
ImagesResult convert_images(fs::Disk& disk, const std::string& root,
                            const std::vector<scan::FileEntry>& files, const ImageOptions& options,
                            cache::ContentCache& cache, Diagnostics& diags);

}  // namespace kiln::image
