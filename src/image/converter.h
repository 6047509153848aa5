// One source image's bytes -> its WebP (and AVIF) variants, from one decode: the source is
// decoded once into memory (oriented, converted to 8-bit sRGB, alpha kept), the full-size
// variant is encoded from that, and every width is resized (Lanczos 3, premultiplied alpha)
// from the same pixels. Decides what is kept (never bigger than the source or than the next
// larger variant), so the result depends only on the bytes and the settings and can be
// cached as a whole.
#pragma once

#include <string_view>

#include "core/result.h"
#include "image/options.h"
#include "image/variant.h"

namespace kiln::image {

// Fails (Error, one line) for an empty, truncated, damaged or unsupported file, or one over
// `max_pixels`. `source_is_webp`: the full-size WebP would be the source itself, so it is
// not made.
Result<Conversion> convert_image(std::string_view source, const ImageOptions& options,
                                 bool source_is_webp);

}  // namespace kiln::image
