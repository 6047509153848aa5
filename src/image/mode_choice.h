// Lossless or lossy WebP in the automatic mode: decided once per image before any variant is
// encoded, never by encoding a variant several ways. The converter decides for the full size,
// and, when that went lossless, once more for all the widths together (reduced pixels are
// less flat: mate's Spring.png is 17% smaller lossless at full size, 85% bigger at 640 px;
// the mixed set's page screenshots are about half the size lossless at full size and lossy
// wins at 640 px).
// The evidence, each time from a sample of about 64K pixels (for the widths: of the smallest
// width): its number of distinct colours (many: lossy, with no trial, full size only), then
// its lossy encode with the run's own settings against a fast lossless estimate
// (webp_encoder.h), the smaller winning; a first look at a quarter of the sample settles the
// clearly lossy ones (estimate over 3x lossy) before that. Together about 5-30 ms per decision, a few percent
// of the image's encodes. README "kiln images" has the measurements behind the rule.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vips/vips8>

#include "image/options.h"

namespace kiln::image {

// The sample is the whole picture up to this many pixels (then its trial encode can be reused
// as the variant), else a mosaic of tiles at full resolution of this size.
inline constexpr uint64_t kModeSamplePixels = 256 * 256;

struct ModeChoice {
  WebpMode mode = WebpMode::lossy;  // lossy, lossless or near_lossless; never automatic
  // The whole picture encoded in `mode` when the sample was that picture itself (and the
  // caller allowed reuse); empty otherwise.
  std::string encoded;
};

// Is a trial worth making for this raster source? PNG and GIF only: a JPEG, TIFF or WebP
// source is a photograph or was coded lossy already. (No bits-per-pixel bar: mate's Gulp.png,
// 7.3 bits/pixel with alpha, is 48% smaller lossless.)
bool worth_a_trial(std::string_view format);

// The decision for the full size from `picture` (one frame, 8-bit sRGB): a sample of it with
// many distinct colours is lossy without a trial, else the smaller of the sample's lossy
// encode and lossless estimate (two real encodes when the sample is the whole picture). `reusable`: `picture` is exactly the variant's picture, so a whole-picture trial
// is kept in ModeChoice::encoded. Throws vips::VError when an encode fails.
ModeChoice choose_webp_mode(const vips::VImage& picture, const EncodeSettings& s, bool reusable);

// The decision for all the widths, from a sample of the smallest one (when that is its whole
// picture and `reusable`, the trial's encode is kept for it): no colour bar, since a reduced
// flat picture has many blended colours and can still be smaller lossless.
ModeChoice choose_width_mode(const vips::VImage& smallest, const EncodeSettings& s, bool reusable);

}  // namespace kiln::image
