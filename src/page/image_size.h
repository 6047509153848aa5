// An image's displayed size from its header alone: PNG, GIF, JPEG (EXIF orientation 5-8
// swaps width and height, as browsers apply it), WebP (VP8, VP8L, VP8X) and AVIF (the `ispe`
// property). The page step writes it as width/height on an <img> that has neither.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kiln::page {

struct ImageSize {
  uint32_t width = 0, height = 0;
};

std::optional<ImageSize> image_size(std::string_view bytes);

}  // namespace kiln::page
