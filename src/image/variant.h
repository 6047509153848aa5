// What converting one image produces: its variants (full-size and per-width WebP, and AVIF
// when asked), each either encoded or skipped with a reason. Plain data: this is what the
// converter hands the images phase and what the content cache stores.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiln::image {

enum class Format : uint8_t { webp, avif };
const char* format_name(Format f);  // "webp", "avif"

enum class Outcome : uint8_t {
  written,        // encoded and written (new or changed)
  up_to_date,     // already on disk with exactly these bytes
  not_smaller,    // not smaller than the source (or the next larger variant): not written
  would_upscale,  // the requested width is not below the source's width
  over_limit,     // over WebP's 16383 px (or AVIF's) limit
  is_source,      // the full-size WebP of a WebP source is the source itself
  unsupported,    // the format cannot hold this image here (animated AVIF)
  failed,
};
const char* outcome_name(Outcome o);
bool is_kept(Outcome o);  // written or up_to_date

struct Variant {
  Format format = Format::webp;
  uint32_t requested_width = 0;  // 0 = full size
  uint32_t width = 0, height = 0;  // of one frame (the frame count is the Conversion's)
  std::string mode;    // "lossy", "lossless", "near-lossless" (empty when not encoded)
  uint64_t bytes = 0;  // encoded size, also when not kept
  bool keep = false;   // passed every check; `data` holds the encoded bytes
  Outcome skip = Outcome::not_smaller;  // why not, when !keep
  std::string reason;
  std::string data;
};

struct Conversion {
  std::string format;  // of the source: "png", "jpeg", "gif", "webp", "tiff"
  uint32_t width = 0, height = 0, frames = 1;  // after orientation; height of one frame
  bool alpha = false;
  std::vector<Variant> variants;
};

// Cache entry bytes: a JSON header line, then the kept variants' bytes back to back.
std::string serialize(const Conversion& c);
Result<Conversion> deserialize(std::string_view bytes);

// Derived names: "img/hero.png" -> "img/hero.webp", "img/hero-640w.webp", "img/hero.avif".
std::string variant_path(std::string_view source, Format f, uint32_t requested_width);

}  // namespace kiln::image
