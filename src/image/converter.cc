#include "image/converter.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <mutex>
#include <optional>
#include <vips/vips8>

#include "core/parallel.h"
#include "core/units.h"
#include "image/mode_choice.h"
#include "image/vips_runtime.h"
#include "image/webp_encoder.h"

namespace kiln::image {

namespace {

using vips::VError;
using vips::VImage;

struct Loader {
  const char* class_part;  // in the loader's lower-cased class name: vipsforeignloadnsgifbuffer
  const char* format;
  bool animated;  // may hold several frames: load them all
};

constexpr Loader kLoaders[] = {
    {"png", "png", false}, {"jpeg", "jpeg", false}, {"gif", "gif", true},
    {"webp", "webp", true}, {"tiff", "tiff", false}, {"svg", "svg", false},
};

// Encodes `v` from `im`: WebP in the mode decided once for the image (the full size may be
// the decision's own trial encode), AVIF lossless only when asked.
void encode_variant(Variant& v, const VImage& im, const EncodeSettings& s, ModeChoice& choice,
                    bool reuse) {
  if (v.format == Format::avif) {
    v.data = encode_avif(im, s);
    v.mode = s.mode == WebpMode::lossless ? "lossless" : "lossy";
  } else {
    v.data = reuse && !choice.encoded.empty() ? std::move(choice.encoded)
                                                    : encode_webp(im, s, choice.mode);
    v.mode = webp_mode_name(choice.mode);
  }
  v.bytes = v.data.size();
  v.keep = true;
}

// The explicit mode, or lossy until a trial says otherwise.
ModeChoice fixed_mode(const EncodeSettings& s) {
  ModeChoice c;
  c.mode = s.mode == WebpMode::automatic ? WebpMode::lossy : s.mode;
  return c;
}

// Lanczos 3 over the whole kernel support with premultiplied alpha (no dark fringes), to
// exactly w x h. vips_reduce, not vips_resize: resize box-shrinks the integer part of the
// factor first, and libvips 8.14's vertical box shrink clears its accumulator for every
// strip it computes. On mate-backgrounds (30 images, widths 1920/1280/640) resize took
// 6.8-10.9 CPU s and reduce 3.0-4.8 s, for width variants 0.3% larger in WebP bytes (a true
// Lanczos keeps more detail than box + Lanczos). A box average of kiln's own before the
// reduce measured no faster (3.09 s against 3.00 s), so there is none.
VImage resize_frame(const VImage& in, int w, int h) {
  bool alpha = in.has_alpha();
  VImage x = alpha ? in.premultiply() : in;
  x = x.reduce(double(in.width()) / w, double(in.height()) / h,
               VImage::option()->set("kernel", VIPS_KERNEL_LANCZOS3));
  if (alpha) x = x.unpremultiply();
  if (x.format() != VIPS_FORMAT_UCHAR) x = x.cast(VIPS_FORMAT_UCHAR);
  if (x.width() != w || x.height() != h)
    x = x.embed(0, 0, w, h, VImage::option()->set("extend", VIPS_EXTEND_COPY));
  return x;
}

// Each frame on its own, so no frame bleeds into the next; page-height, delays and loop
// count travel with the metadata.
VImage resize_image(const VImage& img, uint32_t page_h, uint32_t frames, int w, int h) {
  if (frames == 1) return resize_frame(img, w, h).copy_memory();
  std::vector<VImage> parts;
  for (uint32_t i = 0; i < frames; ++i)
    parts.push_back(
        resize_frame(img.extract_area(0, int(i * page_h), img.width(), int(page_h)), w, h));
  VImage out = VImage::arrayjoin(parts, VImage::option()->set("across", 1)).copy_memory();
  out.set("page-height", h);
  return out;
}

// 8-bit sRGB with alpha kept: through the embedded ICC profile when there is one (CMYK
// without one through libvips' built-in CMYK profile), else by colourspace conversion
// (16-bit, grey, Lab...).
VImage to_srgb(VImage img) {
  bool has_icc = img.get_typeof(VIPS_META_ICC_NAME) != 0;
  VipsInterpretation interp = img.interpretation();
  if (has_icc || interp == VIPS_INTERPRETATION_CMYK) {
    auto* o = VImage::option()->set("embedded", true)->set("intent", VIPS_INTENT_PERCEPTUAL);
    if (interp == VIPS_INTERPRETATION_CMYK) o->set("input_profile", "cmyk");
    img = img.icc_transform("srgb", o);
  } else if (interp != VIPS_INTERPRETATION_sRGB) {
    img = img.colourspace(VIPS_INTERPRETATION_sRGB);
  }
  if (img.format() != VIPS_FORMAT_UCHAR) img = img.cast(VIPS_FORMAT_UCHAR);
  if (img.bands() > 4) img = img.extract_band(0, VImage::option()->set("n", 4));
  return img;
}

// EXIF, XMP, IPTC and ICC are dropped from the pixels' metadata before encoding (libvips
// 8.14's webpsave writes EXIF even with `strip`; what it rebuilds is removed from the
// container by strip_webp_metadata). Orientation is already applied and the pixels are
// sRGB, which browsers assume for an untagged image.
VImage without_metadata(const VImage& in) {
  VImage out = in.copy();
  gchar** fields = vips_image_get_fields(out.get_image());
  for (gchar** f = fields; *f; ++f) {
    std::string_view name = *f;
    if (name.starts_with("exif-") || name.starts_with("xmp-") || name.starts_with("iptc-") ||
        name == VIPS_META_ICC_NAME || name == VIPS_META_ORIENTATION)
      out.remove(*f);
  }
  g_strfreev(fields);
  return out;
}

std::string vips_message(const VError& e) {
  std::string m = e.what();
  vips_error_clear();
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  size_t nl = m.rfind('\n');  // the last line is the most specific
  if (nl != std::string::npos) m = m.substr(nl + 1);
  return m.empty() ? "damaged or truncated image data" : m;
}

// Keeps a variant only when it is smaller than the source and than the next larger kept
// variant of its format: `chain` runs from the full size down.
void decide_never_bigger(std::vector<Variant*>& chain, uint64_t source_bytes) {
  uint64_t limit = source_bytes;
  std::string against = "the source";
  for (Variant* v : chain) {
    if (!v->keep) continue;
    if (v->bytes >= limit) {
      v->keep = false;
      v->skip = Outcome::not_smaller;
      v->reason = format_bytes(v->bytes) + " is not smaller than " + against + " (" +
                  format_bytes(limit) + ")";
      v->data.clear();
      continue;
    }
    limit = v->bytes;
    against = v->requested_width ? "the " + std::to_string(v->requested_width) + "w variant"
                                 : "the full-size variant";
  }
}

// The variants to consider: per format (WebP, then AVIF when asked) the full size, then every
// width from the largest down, stored format by format in `c.variants`.
struct VariantPlan {
  std::vector<Format> formats;
  std::vector<uint32_t> widths;  // requested widths; 0 = the full size
  Variant& at(Conversion& c, size_t format, size_t width) const {
    return c.variants[format * widths.size() + width];
  }
};

VariantPlan plan_variants(Conversion& c, const EncodeSettings& s) {
  VariantPlan p;
  p.formats = {Format::webp};
  if (s.avif) p.formats.push_back(Format::avif);
  p.widths = {0};
  p.widths.insert(p.widths.end(), s.widths.rbegin(), s.widths.rend());
  for (Format f : p.formats)
    for (uint32_t req : p.widths) {
      Variant v;
      v.format = f;
      v.requested_width = req;
      c.variants.push_back(v);
    }
  return p;
}

// Width and height of the variant of requested width `req` (0 = full size), aspect kept.
std::pair<uint32_t, uint32_t> variant_size(uint32_t req, uint32_t width, uint32_t height) {
  if (!req) return {width, height};
  return {req, uint32_t(std::max(1L, std::lround(double(height) * req / width)))};
}

// Marks `v` as not made when w x h is over WebP's limit (also applied to AVIF).
bool skip_over_dimension_limit(Variant& v, uint32_t w, uint32_t h) {
  if (w <= kMaxDimension && h <= kMaxDimension) return false;
  v.skip = Outcome::over_limit;
  v.reason = std::to_string(w) + "x" + std::to_string(h) + " is over the " +
             std::to_string(kMaxDimension) + " px limit of WebP";
  return true;
}

// decide_never_bigger for each format's variants, largest first.
void decide_all(Conversion& c, const VariantPlan& plan, uint64_t source_bytes) {
  for (size_t fi = 0; fi < plan.formats.size(); ++fi) {
    std::vector<Variant*> chain;
    for (size_t t = 0; t < plan.widths.size(); ++t) chain.push_back(&plan.at(c, fi, t));
    std::stable_sort(chain.begin(), chain.end(),
                     [](const Variant* a, const Variant* b) { return a->width > b->width; });
    decide_never_bigger(chain, source_bytes);
  }
}

// An SVG (with --rasterize-svg): librsvg renders every variant at its own size, so a width
// above the drawing's own size is as sharp as the others (for a drawing "never upscaled"
// has no meaning). The full-size variant is the size the SVG declares. In the automatic mode
// lossless or lossy is decided once, from a render of at most kModeSamplePixels (the full
// size itself when it is that small: then the render and its trial encode are reused).
Result<Conversion> convert_vector(std::string_view source, const ImageOptions& options) {
  const EncodeSettings& s = options.encode;
  auto load = [&](double scale) {
    return VImage::new_from_buffer(
        source.data(), source.size(), "",
        VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR)->set("scale", scale));
  };
  VImage head = load(1.0);  // the declared size; rendered only for the full-size variant
  auto width = uint32_t(head.width()), height = uint32_t(head.height());
  if (width == 0 || height == 0) return Error{"the SVG declares an empty size: nothing to render"};
  Conversion c;
  c.format = "svg";
  c.width = width;
  c.height = height;
  c.alpha = true;
  VariantPlan plan = plan_variants(c, s);
  auto render = [&](double scale) {
    return to_srgb(without_metadata(scale == 1.0 ? head : load(scale))).copy_memory();
  };
  ModeChoice choice = fixed_mode(s);
  std::optional<VImage> full_render;
  if (s.mode == WebpMode::automatic) {
    double scale =
        std::min(1.0, std::sqrt(double(kModeSamplePixels) / (double(width) * double(height))));
    VImage sample = render(scale);
    if (scale == 1.0) full_render = sample;
    choice = choose_webp_mode(sample, s, scale == 1.0);
  }
  nested_for(plan.widths.size(), [&](size_t t) {
    auto [w, h] = variant_size(plan.widths[t], width, height);
    std::optional<VImage> rendered;
    if (w == width && full_render) rendered = *full_render;
    for (size_t fi = 0; fi < plan.formats.size(); ++fi) {
      Variant& v = plan.at(c, fi, t);
      v.width = w;
      v.height = h;
      if (skip_over_dimension_limit(v, w, h)) {  // the reason is set
      } else if (uint64_t(w) * h > options.max_pixels) {
        v.skip = Outcome::over_limit;
        v.reason = std::to_string(w) + "x" + std::to_string(h) + " is over the limit of " +
                   with_thousands(options.max_pixels) + " pixels (--max-pixels)";
      } else {
        if (!rendered) {
          VImage x = render(w == width ? 1.0 : double(w) / width);
          if (x.width() != int(w) || x.height() != int(h))  // librsvg rounds the scaled size
            x = x.embed(0, 0, int(w), int(h), VImage::option()->set("extend", VIPS_EXTEND_COPY))
                    .copy_memory();
          rendered = x;
        }
        encode_variant(v, *rendered, s, choice, plan.widths[t] == 0);
      }
    }
  });
  decide_all(c, plan, source.size());
  return c;
}

}  // namespace

Result<Conversion> convert_image(std::string_view source, const ImageOptions& options,
                                 bool source_is_webp) {
  ensure_vips();
  if (source.empty()) return Error{"empty file (0 bytes)"};
  const char* loader_class = vips_foreign_find_load_buffer(source.data(), source.size());
  if (!loader_class) {
    vips_error_clear();
    return Error{"not a readable image: unknown format or damaged header"};
  }
  std::string lowered = loader_class;
  for (char& ch : lowered) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  const Loader* loader = nullptr;
  for (const auto& l : kLoaders)
    if (lowered.find(l.class_part) != std::string::npos) loader = &l;
  if (!loader)
    return Error{std::string("unsupported image format (libvips ") + loader_class +
                 "): kiln converts PNG, JPEG, GIF, WebP and TIFF (and SVG with --rasterize-svg)"};
  if (std::string_view(loader->format) == "svg") {
    if (!options.rasterize_svg)
      return Error{"an SVG drawing: kiln makes WebP from SVG only with --rasterize-svg"};
    try {
      return convert_vector(source, options);
    } catch (const VError& e) {
      return Error{"cannot render or encode: " + vips_message(e)};
    }
  }
  const EncodeSettings& s = options.encode;
  try {
    auto* lo = VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR);
    if (loader->animated) lo->set("n", -1);
    VImage in = VImage::new_from_buffer(source.data(), source.size(), "", lo);

    // The header is read; no pixel is decoded yet.
    uint64_t pixels = uint64_t(in.width()) * uint64_t(in.height());
    if (pixels > options.max_pixels)
      return Error{std::to_string(in.width()) + "x" + std::to_string(in.height()) + " is " +
                   with_thousands(pixels) + " pixels, over the limit of " +
                   with_thousands(options.max_pixels) +
                   " (--max-pixels): not decoded, to guard against decompression bombs"};
    auto page_h = uint32_t(vips_image_get_page_height(in.get_image()));
    uint32_t frames = uint32_t(in.height()) / page_h;

    VImage img = in;
    if (frames == 1) img = img.autorot();  // EXIF orientation applied to the pixels
    img = without_metadata(to_srgb(img)).copy_memory();  // the one decode
    if (frames == 1) page_h = uint32_t(img.height());
    auto width = uint32_t(img.width());

    Conversion c;
    c.format = loader->format;
    c.width = width;
    c.height = page_h;
    c.frames = frames;
    c.alpha = img.has_alpha();
    VariantPlan plan = plan_variants(c, s);
    // Widths cascade: each is reduced from the next larger width (the largest from the
    // decoded image), so a width costs a pass over its larger neighbour instead of over the
    // full image. On mate-backgrounds: about 0.7 CPU s less in libvips (perf, -j1), WebP
    // bytes +0.3%, and 49-56 dB PSNR against reducing each width from the full image (lossy
    // q80 itself is near 40 dB). Made once, by whichever task needs it first.
    std::vector<std::once_flag> made(plan.widths.size());
    std::vector<std::optional<VImage>> resized(plan.widths.size());
    std::function<const VImage&(size_t)> resized_at = [&](size_t t) -> const VImage& {
      std::call_once(made[t], [&] {
        bool from_width = t > 1 && plan.widths[t - 1] < width;  // widths run largest first
        uint32_t from_h = from_width ? variant_size(plan.widths[t - 1], width, page_h).second
                                     : page_h;
        auto [w, h] = variant_size(plan.widths[t], width, page_h);
        resized[t] = resize_image(from_width ? resized_at(t - 1) : img, from_h, frames, int(w),
                                  int(h));
      });
      return *resized[t];
    };
    // Lossless or lossy, decided once per image before anything is encoded: for the full size
    // from a sample of its own pixels, and, only when that went lossless, for all the widths
    // together from the smallest width, by the first width task (the full size is encoded on
    // another core meanwhile). A trial of a variant's whole picture keeps its encode as that
    // variant.
    ModeChoice full_choice = fixed_mode(s), width_choice = fixed_mode(s);
    size_t smallest = plan.widths.size() - 1;  // widths run largest first
    bool trial = s.mode == WebpMode::automatic && worth_a_trial(c.format);
    auto first_frame = [&](const VImage& im, uint32_t h) {
      return frames == 1 ? im : im.extract_area(0, 0, im.width(), int(h));
    };
    if (trial) full_choice = choose_webp_mode(first_frame(img, page_h), s, frames == 1 && !source_is_webp);
    std::once_flag widths_decided;
    auto widths_mode = [&]() -> ModeChoice& {
      std::call_once(widths_decided, [&] {
        if (trial && full_choice.mode == WebpMode::lossless && plan.widths[smallest] < width)
          width_choice = choose_width_mode(
              first_frame(resized_at(smallest), variant_size(plan.widths[smallest], width, page_h).second),
              s, frames == 1);
      });
      return width_choice;
    };
    // One task per width: resize once, then encode every format from it. Each writes only
    // its own variants, so the result does not depend on which thread ran what.
    nested_for(plan.widths.size(), [&](size_t t) {
      uint32_t req = plan.widths[t];
      auto [w, h] = variant_size(req, width, page_h);
      for (size_t fi = 0; fi < plan.formats.size(); ++fi) {
        Variant& v = plan.at(c, fi, t);
        v.width = w;
        v.height = h;
        if (req && req >= width) {
          v.skip = Outcome::would_upscale;
          v.reason = "the source is only " + std::to_string(width) + " px wide";
          v.width = v.height = 0;
        } else if (!req && v.format == Format::webp && source_is_webp) {
          v.skip = Outcome::is_source;
          v.reason = "the source is a WebP already";
        } else if (skip_over_dimension_limit(v, w, h)) {  // the reason is set
        } else if (v.format == Format::avif && frames > 1) {
          v.skip = Outcome::unsupported;
          v.reason = "animated AVIF is not written by libvips " + vips_version_string() +
                     "; the WebP keeps the animation";
        } else {
          encode_variant(v, req ? resized_at(t) : img, s, req ? widths_mode() : full_choice,
                         !req || t == smallest);
        }
      }
    });
    decide_all(c, plan, source.size());
    return c;
  } catch (const VError& e) {
    return Error{"cannot decode or encode: " + vips_message(e)};
  }
}

}  // namespace kiln::image
