// The screen kiln assumes when it decides which image candidate a browser fetches
// (`--viewport 1280x800@1x`): its size in CSS pixels and its device pixel ratio, and the two
// questions a browser asks of it while it picks: does a media condition (<source media>, a
// `sizes` entry) match, and how wide is the slot a `sizes` attribute gives the image.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kiln::graph {

struct Viewport {
  uint32_t width = 1280, height = 800;  // CSS pixels
  double dpr = 1;                       // device pixels per CSS pixel
};

// "1280x800@1x", "390x844@3x", "1280x800" (1x); an error names what was expected.
Result<Viewport> parse_viewport(std::string_view text);
std::string viewport_text(const Viewport& v);  // "1280x800@1x"

// Whether a media query list matches the viewport. kiln evaluates `min-`/`max-width`,
// `min-`/`max-height` (px, em and rem at 16px), `orientation`, the media types all, screen
// and print, `and`, `not` and `only`, and comma lists; a condition it cannot evaluate counts as
// matching, so a browser's first choice is taken. An empty query matches.
bool media_matches(std::string_view query, const Viewport& v);

// The slot width in CSS pixels a `sizes` attribute gives at this viewport: the length of the
// first entry whose media condition matches (px, vw, em, rem; `auto` and an empty or
// unreadable attribute are 100vw, as browsers do).
double slot_width(std::string_view sizes, const Viewport& v);

}  // namespace kiln::graph
