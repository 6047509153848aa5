// libFuzzer target: the image metadata kiln reads itself, without libvips: the displayed size
// from PNG, GIF, JPEG (with EXIF orientation), WebP and AVIF headers (the page step's
// width/height), and the WebP container walk that strips metadata chunks.
#include "fuzz_input.h"
#include "image/webp_container.h"
#include "page/image_size.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto bytes = kiln::fuzz::text(data, size);
  (void)kiln::page::image_size(bytes);
  std::string out = kiln::image::strip_webp_metadata(std::string(bytes));
  if (out.size() > size) __builtin_trap();  // stripping never adds bytes
  return 0;
}
