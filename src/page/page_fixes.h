// The page fixes Lighthouse asks for, on one HTML page, by attribute edits only:
// - width/height from the image's own header on an <img> that has neither (no layout shift);
// - the first screen: the first `eager_images` <img>s in document order are left to load
//   eagerly, and the largest of them (by width x height, from its attributes or its header;
//   the first on a tie) gets fetchpriority="high", the LCP candidate; every later <img> gets
//   loading="lazy" and decoding="async" unless it states its own. <img>s inside <noscript>
//   are not touched (browsers with scripting never parse them as images);
// - <link rel="modulepreload"> for each module the page's module scripts import statically
//   (the waterfall flattened, as Vite does), before the first module script in <head>, else
//   before </head>; and <link rel="preload" as="font" type="font/woff2" crossorigin> for the
//   WOFF2 fonts the page's initial stylesheets name (first `font_preloads` of them, in order;
//   browsers fetch a font only when text uses it, so more would risk preloading unused
//   unicode-range subsets);
// - a warning (file:line) for each render-blocking classic <script src> in <head>.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "page/image_size.h"

namespace kiln::page {

struct PageOptions {
  bool image_sizes = true;
  bool lazy_images = true;
  bool fetch_priority = true;
  bool module_preload = true;
  bool font_preload = true;
  uint32_t font_preloads = 2;
  bool warnings = true;
  uint32_t eager_images = 2;
};

struct PageInput {
  std::string_view html;
  // The size of the image an <img src> names, by the src value's first byte offset.
  std::function<std::optional<ImageSize>(uint32_t src_begin)> image_at;
  std::vector<std::string> module_preloads;  // URLs, in the order to write them
  std::vector<std::string> font_preloads;    // URLs, at most PageOptions::font_preloads used
};

struct PageWarning {
  uint32_t line = 0;
  std::string message;
};

struct PageFix {
  std::string html;  // the page after the edits (== input when nothing changed)
  uint32_t sized = 0, lazy = 0, high = 0, preloads = 0, fonts = 0;
  std::vector<PageWarning> warnings;
  bool changed() const { return sized + lazy + high + preloads + fonts > 0; }
};

PageFix fix_page(const PageInput& in, const PageOptions& options);

}  // namespace kiln::page
