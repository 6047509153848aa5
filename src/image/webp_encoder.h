// Encoding one decoded picture (8-bit sRGB, alpha kept) as WebP in a given mode, or as AVIF,
// with the settings of EncodeSettings. Shared by the converter's variants and by the
// once-per-image lossless/lossy decision, so the trial encodes are the same as the real ones.
#pragma once

#include <cstdint>
#include <string>
#include <vips/vips8>

#include "image/options.h"

namespace kiln::image {

// `mode` is lossy, lossless or near_lossless (not automatic). Metadata stripped. Throws
// vips::VError when the encoder fails.
std::string encode_webp(const vips::VImage& im, const EncodeSettings& s, WebpMode mode);
// The size of a fast lossless encode of `im` (libwebp method 1, quality 50): an estimate of
// encode_webp(im, s, lossless).size() at a fraction of its cost, for deciding the mode from
// a sample (within -10%..+5% on the real samples measured; not a bound: synthetic 12 px
// blocks came out 152 bytes against 558).
uint64_t lossless_estimate(const vips::VImage& im, const EncodeSettings& s);
// Lossless AVIF when `s.mode` is lossless, else lossy at s.avif_quality.
std::string encode_avif(const vips::VImage& im, const EncodeSettings& s);

}  // namespace kiln::image
