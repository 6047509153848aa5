// Checks on the scripts and stylesheets a page loads first, reported by the html step:
// - how much of a file is whitespace and comments, estimated the way Lighthouse's
//   unminified-javascript / unminified-css audits do (the file's length against its token
//   length: comments dropped, whitespace outside strings, templates and regular expressions
//   dropped); a file is flagged, as there, at 2 KiB and 10% of savings;
// - the @font-face rules without font-display (text stays invisible while the font loads),
//   and the fonts' URLs in order (for preloading).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kiln::page {

inline constexpr uint64_t kUnminifiedBytes = 2048;
inline constexpr double kUnminifiedShare = 0.10;

// Bytes a minifier would remove: comments and whitespace.
uint64_t js_removable_bytes(std::string_view js);
uint64_t css_removable_bytes(std::string_view css);

// 1-based lines of the @font-face rules that set no font-display.
std::vector<uint32_t> font_faces_without_display(std::string_view css);

}  // namespace kiln::page
