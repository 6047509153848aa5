// The CSS reference extractor: a tokenizer that follows the CSS Syntax Level 3 rules for
// comments, strings, idents, functions and url tokens, and picks out @import, url(),
// image-set() and the sourceMappingURL comment. It is the only source of CSS references:
// tree-sitter-css 0.23.2 produces ERROR nodes on valid CSS (`url(./x.ttf)`, `url(#mask)`,
// keyframe selectors `10%,90%{}`), so the syntax errors come from this tokenizer too
// (CssProblem); the tree only says which rules an error damaged.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/reference.h"

namespace kiln::parse {

// Appends the references in `css`; begin/end are offsets into `css` (the caller maps them
// into the file) and line/column are left 0. `source_map` is false for style="" attributes.
// When `problem` is given, it receives the first structural error of the stylesheet, by CSS
// Syntax Level 3: a comment, string or url() left open, a string broken by a line break, a
// bad url(), a bracket closed that was never opened or closed by the wrong one, a bracket
// still open at the end. After these a browser drops more than one declaration; a bracket
// closed by the wrong kind names where that one was opened.
struct CssProblem {
  size_t byte = 0;
  std::string message;
};
void scan_css_refs(std::string_view css, bool source_map, std::vector<Reference>& out,
                   std::optional<CssProblem>* problem = nullptr);

}  // namespace kiln::parse
