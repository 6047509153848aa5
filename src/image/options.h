// Settings of the images phase: which variants to make and how to encode them. The encoder
// knobs and their defaults are sharp's (quality 80, effort 4, alpha quality 100, no smart
// subsampling), so a team moving from sharp gets the same bytes for the same flags.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace kiln::image {

// WebP's limit in each dimension, also applied to AVIF so both formats offer the same
// variants; the largest width that can be asked for.
inline constexpr uint32_t kMaxDimension = 16383;

// How WebP pixels are coded. `automatic`: lossy, except for PNG/GIF (and rendered SVG)
// sources whose trial on a small sample is smaller lossless: then lossless at every width
// (image/mode_choice.h).
enum class WebpMode { automatic, lossy, lossless, near_lossless };
const char* webp_mode_name(WebpMode m);

struct EncodeSettings {
  std::vector<uint32_t> widths;  // responsive widths, ascending, unique; empty = full size only
  WebpMode mode = WebpMode::automatic;
  int quality = 80;         // 1-100 (near-lossless: the preprocessing level)
  int effort = 4;           // 0-6, libwebp's `method`
  int alpha_quality = 100;  // 0-100
  bool smart_subsample = false;
  std::string preset = "default";  // default, picture, photo, drawing, icon, text
  bool avif = false;
  int avif_quality = 50;  // sharp's default
  int avif_effort = 4;    // 0-9

  // Everything that changes output bytes, as text: part of the cache key.
  std::string describe() const;
};

struct ImageOptions {
  EncodeSettings encode;
  // Images with more pixels than this (all frames together) are not decoded. sharp's
  // limitInputPixels default: 0x3FFF * 0x3FFF.
  uint64_t max_pixels = 268402689;
  std::vector<std::string> exclude;
  // SVG drawings are left alone unless this is set; then each variant is rendered at its size.
  bool rasterize_svg = false;
  bool force = false;    // ignore the cache: convert everything again
  bool dry_run = false;  // decide and report; write and remove nothing
  unsigned jobs = 0;
  bool progress = false;
};

// "640,1280,1920" (already split by the CLI) -> sorted unique widths, each 1..16383.
Result<std::vector<uint32_t>> parse_widths(const std::vector<std::string>& items);
// The preset names libwebp knows.
bool valid_preset(const std::string& name);

}  // namespace kiln::image
