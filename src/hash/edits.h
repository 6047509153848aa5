// Byte-range edits to a file's contents: the only way `kiln hash` changes a file, so nothing
// outside the ranges the parser reported is ever touched.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiln::hash {

struct Edit {
  uint32_t begin = 0, end = 0;  // replaced range [begin, end); begin == end inserts
  std::string text;
};

// Applies edits (any order; sorted here). Fails on overlapping ranges or ranges past the end.
Result<std::string> apply_edits(std::string_view content, std::vector<Edit> edits);

// The specifier text `raw` (as written in the file) with the file name of `old_path` replaced
// by the file name of `new_path`, keeping everything else: "./", "../", "/assets/", query and
// fragment, quoting. A name written percent-encoded (`a%20b.css`) gets the new name encoded
// the same way. Empty when the old file name does not appear in `raw` (an escaped name),
// which the caller reports.
std::optional<std::string> rewrite_specifier(std::string_view raw, std::string_view old_path,
                                             std::string_view new_path);

// The edit that gives the HTML tag around [value_begin, value_end) an integrity attribute
// (replacing an existing one). Empty when the tag cannot be delimited.
std::optional<Edit> integrity_edit(std::string_view html, uint32_t value_begin, uint32_t value_end,
                                   const std::string& integrity);

}  // namespace kiln::hash
