// Metadata removal on an encoded WebP's RIFF container. libvips 8.14's webpsave writes an
// EXIF chunk (rebuilt from the resolution fields) even with `strip` set; kiln drops EXIF and
// XMP chunks afterwards and, when nothing else needs the extended header (no alpha,
// animation or ICC), rewrites the file in the simple format, as sharp's output is.
#pragma once

#include <string>

namespace kiln::image {

// Returns `webp` without EXIF/XMP chunks. Input that is not a well-formed WebP is returned
// unchanged.
std::string strip_webp_metadata(const std::string& webp);

}  // namespace kiln::image
