// What `kiln images` tells people (a text summary) and machines (JSON: every variant with
// its size, for tools that build their own markup).
#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <ostream>

#include "core/diagnostics.h"
#include "image/images.h"

namespace kiln::report {

struct ImagesTotals {
  uint64_t sources = 0, converted = 0, failed = 0, from_cache = 0;
  std::map<std::string, uint64_t> by_format;  // source formats: "jpeg" -> 12
  uint64_t written = 0, up_to_date = 0, stale_removed = 0;
  std::map<image::Outcome, uint64_t> skipped;  // by reason
  // Over the images whose full-size WebP was kept: source bytes and WebP bytes.
  uint64_t full_sources = 0, full_source_bytes = 0, full_webp_bytes = 0;
  uint64_t variant_bytes = 0;  // every kept variant
};

ImagesTotals total_up(const image::ImagesResult& r);

void print_images_text(std::ostream& out, const image::ImagesResult& r, size_t largest = 10);
nlohmann::json images_json(const image::ImagesResult& r, const image::ImageOptions& options,
                           const Diagnostics& diags);

}  // namespace kiln::report
