#include "image/mode_choice.h"

#include <algorithm>
#include <vector>

#include "image/webp_encoder.h"

namespace kiln::image {

namespace {

using vips::VImage;

// A PNG/GIF bigger than the sample is tried only under this many bits per pixel in its own
// lossless coding. In mate-backgrounds every PNG that came out smaller in lossless WebP was at
// 0.3-1.3 bits/pixel and MATE-Stripes-Dark (3.9) stayed lossy after trying both.
constexpr double kFlatBitsPerPixel = 2.0;

constexpr int kTilesPerSide = 4;
constexpr int kTileSide = 128;  // 4 x 4 tiles of 128 px: 512 x 512

// The whole picture when it is small (and within WebP's limits), else 4 x 4 tiles taken at
// full resolution from evenly spread places, side by side: the sample keeps the picture's own
// pixel statistics (flat areas, exact colours, noise, sharp edges), which a downscale would
// blur into new colours (pixel art and text would look photographic).
VImage sample_of(const VImage& frame) {
  int w = frame.width(), h = frame.height();
  if (uint64_t(w) * uint64_t(h) <= kModeSamplePixels && uint32_t(w) <= kMaxDimension &&
      uint32_t(h) <= kMaxDimension)
    return frame;
  int tw = std::clamp(w / kTilesPerSide, 1, kTileSide), th = std::clamp(h / kTilesPerSide, 1, kTileSide);
  std::vector<VImage> tiles;
  for (int row = 0; row < kTilesPerSide; ++row)
    for (int col = 0; col < kTilesPerSide; ++col) {
      int x = int(int64_t(w - tw) * col / (kTilesPerSide - 1));
      int y = int(int64_t(h - th) * row / (kTilesPerSide - 1));
      tiles.push_back(frame.extract_area(x, y, tw, th));
    }
  return VImage::arrayjoin(tiles, VImage::option()->set("across", kTilesPerSide)).copy_memory();
}

}  // namespace

bool worth_a_trial(std::string_view format, uint64_t source_bytes, uint64_t pixels) {
  if (format != "png" && format != "gif") return false;
  return pixels <= kModeSamplePixels ||
         double(source_bytes) * 8.0 < kFlatBitsPerPixel * double(pixels);
}

ModeChoice choose_webp_mode(const VImage& frame, const EncodeSettings& s, bool reusable) {
  VImage sample = sample_of(frame);
  bool whole = sample.width() == frame.width() && sample.height() == frame.height();
  std::string lossy = encode_webp(sample, s, WebpMode::lossy);
  std::string lossless = encode_webp(sample, s, WebpMode::lossless);
  ModeChoice c;
  c.sample_lossy = lossy.size();
  c.sample_lossless = lossless.size();
  c.mode = lossless.size() < lossy.size() ? WebpMode::lossless : WebpMode::lossy;
  if (whole && reusable) c.full_size = std::move(c.mode == WebpMode::lossless ? lossless : lossy);
  return c;
}

}  // namespace kiln::image
