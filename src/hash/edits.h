// The edits `kiln hash` makes (core/edits.h applies them): a renamed file's name in a
// reference, an integrity attribute on a tag.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/edits.h"

namespace kiln::hash {

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
