// Lossless or lossy WebP in the automatic mode: decided once per image, before any variant
// is encoded, and applied to the full size and every width (never several modes per width).
// The evidence is one lossy and one lossless encode of a small sample of the full-size
// pixels with the run's own settings; the smaller wins. See README "kiln images" for the
// rule and the measurements behind it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vips/vips8>

#include "image/options.h"

namespace kiln::image {

// The sample is the whole picture up to this many pixels (then its trial encode is reused as
// the full-size variant), else a mosaic of tiles at full resolution of about this size.
inline constexpr uint64_t kModeSamplePixels = 512 * 512;

struct ModeChoice {
  WebpMode mode = WebpMode::lossy;  // lossy, lossless or near_lossless; never automatic
  // The full-size picture encoded in `mode` when the sample was that picture itself (and the
  // caller allowed reuse); empty otherwise.
  std::string full_size;
  uint64_t sample_lossy = 0, sample_lossless = 0;  // the trial sizes; 0 = no trial
};

// Is a trial worth making for this raster source? PNG and GIF only (a JPEG, TIFF or WebP
// source is a photograph or was coded lossy already), and, for a picture bigger than the
// sample, only when its own lossless coding takes under 2 bits per pixel: flat artwork or a
// smooth gradient, not a photograph. `pixels`: all frames.
bool worth_a_trial(std::string_view format, uint64_t source_bytes, uint64_t pixels);

// The decision for `frame` (one frame of the full-size picture, 8-bit sRGB). `reusable`:
// `frame` is exactly the full-size variant's picture, so a whole-picture trial is kept in
// ModeChoice::full_size. Throws vips::VError when an encode fails.
ModeChoice choose_webp_mode(const vips::VImage& frame, const EncodeSettings& s, bool reusable);

}  // namespace kiln::image
