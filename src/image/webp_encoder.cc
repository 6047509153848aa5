#include "image/webp_encoder.h"

#include <optional>
#include <webp/encode.h>

#include "image/webp_container.h"

namespace kiln::image {

namespace {

using vips::VError;
using vips::VImage;

// The lossless estimate: libwebp method 1 at quality 50. On the 64K-pixel samples of
// mate-backgrounds' PNGs and the mixed set's screenshots its size was within -10%..+5% of
// method 4 at quality 80 (the real encode), at a third to a tenth of the time (smooth
// gradients: 0.024 s against 0.077 s); method 0 was 1.4-15x off, quality 25 up to 23% off.
constexpr int kEstimateMethod = 1;
constexpr int kEstimateQuality = 50;

std::string take_blob(VipsBlob* blob) {
  size_t n = 0;
  const void* data = vips_blob_get(blob, &n);
  std::string out(static_cast<const char*>(data), n);
  vips_area_unref(VIPS_AREA(blob));
  return out;
}

int preset_value(const std::string& name) {
  if (name == "picture") return VIPS_FOREIGN_WEBP_PRESET_PICTURE;
  if (name == "photo") return VIPS_FOREIGN_WEBP_PRESET_PHOTO;
  if (name == "drawing") return VIPS_FOREIGN_WEBP_PRESET_DRAWING;
  if (name == "icon") return VIPS_FOREIGN_WEBP_PRESET_ICON;
  if (name == "text") return VIPS_FOREIGN_WEBP_PRESET_TEXT;
  return VIPS_FOREIGN_WEBP_PRESET_DEFAULT;
}

// libvips' preset enum is libwebp's, value for value (webpsave passes it straight through).
static_assert(int(VIPS_FOREIGN_WEBP_PRESET_DEFAULT) == int(WEBP_PRESET_DEFAULT) &&
              int(VIPS_FOREIGN_WEBP_PRESET_PICTURE) == int(WEBP_PRESET_PICTURE) &&
              int(VIPS_FOREIGN_WEBP_PRESET_PHOTO) == int(WEBP_PRESET_PHOTO) &&
              int(VIPS_FOREIGN_WEBP_PRESET_DRAWING) == int(WEBP_PRESET_DRAWING) &&
              int(VIPS_FOREIGN_WEBP_PRESET_ICON) == int(WEBP_PRESET_ICON) &&
              int(VIPS_FOREIGN_WEBP_PRESET_TEXT) == int(WEBP_PRESET_TEXT));

// WebP of one 8-bit RGB/RGBA single-frame picture that is in memory already, straight
// through libwebp with `config`: the same bitstream as webpsave (which builds the same
// configuration), without webpsave rendering the picture into a second buffer first and
// writing metadata that kiln then strips. (Lossless with alpha comes in the simple container,
// as cwebp writes it, 18 bytes smaller than webpsave's extended one: VP8L carries its alpha.) `argb`: import as ARGB (lossless, and lossy with
// sharp YUV, which converts from ARGB inside WebPEncode), as webpsave does. Anything else
// (animation, other layouts) returns nullopt and goes through webpsave.
std::optional<std::string> encode_in_memory(const VImage& im, const WebPConfig& config, bool argb) {
  VipsImage* vi = im.get_image();
  bool single = vips_image_get_page_height(vi) == im.height();
  if (vi->dtype != VIPS_IMAGE_SETBUF || im.format() != VIPS_FORMAT_UCHAR || !single ||
      (im.bands() != 3 && im.bands() != 4))
    return std::nullopt;
  const auto* pixels = static_cast<const uint8_t*>(vips_image_get_data(vi));
  WebPPicture pic;
  if (!pixels || !WebPPictureInit(&pic)) return std::nullopt;
  pic.width = im.width();
  pic.height = im.height();
  pic.use_argb = argb;
  WebPMemoryWriter writer;
  WebPMemoryWriterInit(&writer);
  pic.writer = WebPMemoryWrite;
  pic.custom_ptr = &writer;
  int stride = im.width() * im.bands();
  bool ok = (im.bands() == 4 ? WebPPictureImportRGBA(&pic, pixels, stride)
                             : WebPPictureImportRGB(&pic, pixels, stride)) &&
            WebPEncode(&config, &pic);
  int error = pic.error_code;
  WebPPictureFree(&pic);
  std::string out = ok ? std::string(reinterpret_cast<const char*>(writer.mem), writer.size) : "";
  WebPMemoryWriterClear(&writer);
  if (!ok) throw VError("libwebp: encoding failed (error " + std::to_string(error) + ")");
  return out;
}

// webpsave's configuration for lossy: the preset at Q, method = effort, alpha quality, sharp
// YUV for smart subsampling.
WebPConfig lossy_config(const EncodeSettings& s) {
  WebPConfig config;
  if (!WebPConfigPreset(&config, WebPPreset(preset_value(s.preset)), float(s.quality)))
    throw VError("libwebp: configuration version mismatch");
  config.method = s.effort;
  config.alpha_quality = s.alpha_quality;
  config.use_sharp_yuv = s.smart_subsample;
  return config;
}

// webpsave's configuration for lossless: libwebp's defaults, then lossless with
// quality = Q (for lossless: how hard to compress) and method = effort.
WebPConfig lossless_config(int quality, int method, int alpha_quality) {
  WebPConfig config;
  if (!WebPConfigInit(&config)) throw VError("libwebp: configuration version mismatch");
  config.lossless = 1;
  config.alpha_quality = alpha_quality;
  config.method = method;
  config.quality = float(quality);
  return config;
}

}  // namespace

std::string encode_webp(const VImage& im, const EncodeSettings& s, WebpMode mode) {
  if (mode == WebpMode::lossy)
    if (auto direct = encode_in_memory(im, lossy_config(s), s.smart_subsample))
      return *std::move(direct);
  if (mode == WebpMode::lossless)
    if (auto direct = encode_in_memory(im, lossless_config(s.quality, s.effort, s.alpha_quality), true))
      return *std::move(direct);
  auto* o = VImage::option()
                ->set("Q", s.quality)
                ->set("effort", s.effort)
                ->set("alpha_q", s.alpha_quality)
                ->set("smart_subsample", s.smart_subsample)
                ->set("preset", preset_value(s.preset))
                ->set("strip", true);  // EXIF, XMP and ICC: pixels are sRGB already
  if (mode == WebpMode::lossless) o->set("lossless", true);
  if (mode == WebpMode::near_lossless) o->set("lossless", true)->set("near_lossless", true);
  return strip_webp_metadata(take_blob(im.webpsave_buffer(o)));
}

uint64_t lossless_estimate(const VImage& im, const EncodeSettings& s) {
  WebPConfig config = lossless_config(kEstimateQuality, kEstimateMethod, s.alpha_quality);
  if (auto direct = encode_in_memory(im.copy_memory(), config, true)) return direct->size();
  return encode_webp(im, s, WebpMode::lossless).size();
}

std::string encode_avif(const VImage& im, const EncodeSettings& s) {
  auto* o = VImage::option()
                ->set("compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1)
                ->set("Q", s.avif_quality)
                ->set("effort", s.avif_effort)
                ->set("lossless", s.mode == WebpMode::lossless)
                ->set("strip", true);
  return take_blob(im.heifsave_buffer(o));
}

}  // namespace kiln::image
