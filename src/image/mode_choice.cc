#include "image/mode_choice.h"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "image/webp_encoder.h"

namespace kiln::image {

namespace {

using vips::VImage;

constexpr int kTilesPerSide = 4;
constexpr int kTileSide = 64;  // 4 x 4 tiles of 64 px: 256 x 256

// A first look, at a quarter of the cost: the same 4 x 4 places with tiles of 32 px. When
// its lossless estimate is over this many times its lossy encode, the picture is lossy
// without the full sample. On mate-backgrounds' PNGs and the mixed set's screenshots and
// wallpapers every picture over 3 at 32 px was over 3 at 64 px too (the closest: desktop-base
// joy 4.55 / 5.82); the 32 px ratio wanders too far to decide the close ones (swagger-1440-2x
// 0.59 against 1.05, homeworld 0.79 against 1.66), which go on to the full sample.
constexpr double kClearlyLossy = 3.0;

// A sample with more distinct colours than one per this many pixels is lossy without a
// trial. In mate-backgrounds' PNGs every one smaller lossless had at most 1 per 58 pixels
// (Gulp.png: 1,126 in 65,536) and the smooth gradients that lossy wins 7-17x have 1 per
// 7-11 pixels (Ubuntu-Mate-*, Float-into-MATE).
constexpr uint64_t kPixelsPerColour = 16;

// The whole picture when it is small (and within WebP's limits), else 4 x 4 tiles taken at
// full resolution from evenly spread places, side by side: the sample keeps the picture's own
// pixel statistics (flat areas, exact colours, noise, sharp edges), which a downscale would
// blur into new colours. On mate-backgrounds the lossless/lossy size ratio of this sample
// was within 0.05 of the whole picture's, except Gulp.png (0.63 against 0.52) and
// Stripes.png (2.53 against 2.85): the same side of 1 for all 14.
VImage sample_of(const VImage& picture, int tile = kTileSide) {
  int w = picture.width(), h = picture.height();
  uint64_t limit = uint64_t(kTilesPerSide * tile) * uint64_t(kTilesPerSide * tile);
  if (uint64_t(w) * uint64_t(h) <= limit && uint32_t(w) <= kMaxDimension &&
      uint32_t(h) <= kMaxDimension)
    return picture;
  int tw = std::clamp(w / kTilesPerSide, 1, tile);
  int th = std::clamp(h / kTilesPerSide, 1, tile);
  std::vector<VImage> tiles;
  for (int row = 0; row < kTilesPerSide; ++row)
    for (int col = 0; col < kTilesPerSide; ++col) {
      int x = int(int64_t(w - tw) * col / (kTilesPerSide - 1));
      int y = int(int64_t(h - th) * row / (kTilesPerSide - 1));
      tiles.push_back(picture.extract_area(x, y, tw, th));
    }
  return VImage::arrayjoin(tiles, VImage::option()->set("across", kTilesPerSide)).copy_memory();
}

// Whether `im` (8-bit, 1-4 bands) has more than `limit` distinct colours; stops counting there.
bool more_colours_than(const VImage& im, uint64_t limit) {
  VImage mem = im.copy_memory();
  const auto* p = static_cast<const uint8_t*>(vips_image_get_data(mem.get_image()));
  size_t bands = size_t(mem.bands()), n = size_t(mem.width()) * size_t(mem.height());
  std::unordered_set<uint32_t> seen;
  seen.reserve(size_t(limit) + 1);
  for (size_t i = 0; i < n; ++i, p += bands) {
    uint32_t v = 0;
    for (size_t b = 0; b < bands; ++b) v = (v << 8) | p[b];
    if (seen.insert(v).second && seen.size() > limit) return true;
  }
  return false;
}

// Lossy or lossless for `sample`: when it is the variant's whole picture (`keep`), its two
// real encodes, the smaller kept as that variant; else the real lossy encode against the fast
// lossless estimate (a 64K-pixel sample: 1-25 ms, against 5-80 ms for the real lossless one).
ModeChoice trial(const VImage& sample, const EncodeSettings& s, bool keep) {
  std::string lossy = encode_webp(sample, s, WebpMode::lossy);
  ModeChoice c;
  if (!keep) {
    if (lossless_estimate(sample, s) < lossy.size()) c.mode = WebpMode::lossless;
    return c;
  }
  std::string lossless = encode_webp(sample, s, WebpMode::lossless);
  if (lossless.size() < lossy.size()) c.mode = WebpMode::lossless;
  c.encoded = std::move(c.mode == WebpMode::lossless ? lossless : lossy);
  return c;
}

// The first look: lossy, clearly, from the small sample of `picture`.
bool clearly_lossy(const VImage& picture, const EncodeSettings& s) {
  VImage small = sample_of(picture, kTileSide / 2);
  auto lossy = encode_webp(small, s, WebpMode::lossy).size();
  return double(lossless_estimate(small, s)) > kClearlyLossy * double(lossy);
}

}  // namespace

bool worth_a_trial(std::string_view format) { return format == "png" || format == "gif"; }

ModeChoice choose_webp_mode(const VImage& picture, const EncodeSettings& s, bool reusable) {
  VImage sample = sample_of(picture);
  uint64_t pixels = uint64_t(sample.width()) * uint64_t(sample.height());
  if (more_colours_than(sample, pixels / kPixelsPerColour)) return {};  // lossy
  bool whole = sample.width() == picture.width() && sample.height() == picture.height();
  if (!whole && clearly_lossy(picture, s)) return {};
  return trial(sample, s, whole && reusable);
}

ModeChoice choose_width_mode(const VImage& smallest, const EncodeSettings& s, bool reusable) {
  VImage sample = sample_of(smallest);
  bool whole = sample.width() == smallest.width() && sample.height() == smallest.height();
  if (!whole && clearly_lossy(smallest, s)) return {};
  return trial(sample, s, whole && reusable);
}

}  // namespace kiln::image
