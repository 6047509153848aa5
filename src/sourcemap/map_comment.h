// Where a generated file's source-map comment is, found the way source-map-explorer 2.5.3
// finds it (convert-source-map 1.x's two patterns, the first match in the file): first an
// inline base64 `data:` comment at the start of a line, else the first `//# sourceMappingURL=`
// or `/*# … */` comment that ends its line. Its bytes form the `[sourceMappingURL]` bucket.
// (parse/ finds the comment that names the map: the last one inside a real comment.)
#pragma once

#include <optional>
#include <string_view>

namespace kiln::sourcemap {

struct ByteRange {
  size_t begin = 0, end = 0;
};

// The comment's byte range, without surrounding whitespace.
std::optional<ByteRange> find_map_comment(std::string_view file);

// Bytes of the JavaScript whitespace or line terminator (String.prototype.trim's set) that
// starts at s[i], or that ends just before s[i] (`before`); 0 when there is none.
size_t js_space_at(std::string_view s, size_t i);
size_t js_space_before(std::string_view s, size_t i);
bool is_line_terminator_at(std::string_view s, size_t i);

}  // namespace kiln::sourcemap
