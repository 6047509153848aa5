// The CSS reference extractor: a tokenizer that follows the CSS Syntax Level 3 rules for
// comments, strings, idents, functions and url tokens, and picks out @import, url(),
// image-set() and the sourceMappingURL comment. It is the only source of CSS references:
// tree-sitter-css 0.23.2 produces ERROR nodes on valid CSS (`url(./x.ttf)`, keyframe
// selectors `0%,to{}`), so the tree is used only to report syntax errors.
#pragma once

#include <string_view>
#include <vector>

#include "parse/reference.h"

namespace kiln::parse {

// Appends the references in `css`; begin/end are offsets into `css` (the caller maps them
// into the file) and line/column are left 0. `source_map` is false for style="" attributes.
void scan_css_refs(std::string_view css, bool source_map, std::vector<Reference>& out);

}  // namespace kiln::parse
