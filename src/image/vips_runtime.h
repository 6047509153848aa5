// libvips for the whole process: initialised once on first use, shut down at exit. No vips
// handle leaves src/image/.
#pragma once

#include <string>

namespace kiln::image {

// Initialises libvips on first call (thread-safe: a function-local static).
void ensure_vips();
// Empty when this libvips can write AVIF (libheif with an AV1 encoder), else the reason.
const std::string& avif_unavailable_reason();
// "8.14.1": part of the cache key, since another libvips/libwebp may encode other bytes.
const std::string& vips_version_string();

}  // namespace kiln::image
