// Byte-range edits to a text: the way kiln changes a file's contents (hash renames, page
// fixes, picture markup), so nothing outside the ranges the parser reported is ever touched.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiln {

struct Edit {
  uint32_t begin = 0, end = 0;  // replaced range [begin, end); begin == end inserts
  std::string text;
};

// Applies edits (any order; sorted here). Fails on overlapping ranges or ranges past the end.
Result<std::string> apply_edits(std::string_view content, std::vector<Edit> edits);

}  // namespace kiln
