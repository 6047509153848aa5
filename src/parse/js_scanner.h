// The JS fallback: a lexical scan (comments, strings, template literals, regex-vs-division by
// the previous token) that finds the literal reference forms of js_extractor without a tree.
// Used only inside the byte ranges where tree-sitter's tree has ERROR/MISSING nodes:
// tree-sitter-javascript 0.23.1 fails on valid tagged templates with invalid escapes
// (String.raw`\u{`), as found in swagger-ui's bundles.
#pragma once

#include <string_view>
#include <vector>

#include "parse/reference.h"

namespace kiln::parse {

// Appends the references with a literal specifier found in `src`, which must start at a
// token boundary outside any string/comment. Offsets are local to `src`.
void scan_js_refs(std::string_view src, std::vector<Reference>& out);

// Where `src` can be cut into pieces that tree-sitter parses on their own: just after the `;`
// tokens that end top-level statements (outside every bracket, string, comment, template
// literal and regex, by the scanner's lexical rules), each at least `spacing` bytes after the
// previous cut. A file whose first top-level block holds most of it (a wrapper function,
// `(function(){…})();`, `!function(){…}()`, `define(…, function(){…})`, as monaco-editor's
// bundles) is cut at the ends of the statements directly in that block instead: `body_begin` (after its `{`)
// and `body_end` (at its `}`) say so, and each piece is parsed together with the text before
// and after the body. A wrong guess (a regex taken for a division) only makes a piece fail to
// parse, which the caller checks.
struct StatementCuts {
  std::vector<uint32_t> ends;
  uint32_t body_begin = 0, body_end = 0;  // both 0: cuts at the top level
};
StatementCuts statement_cuts(std::string_view src, uint32_t spacing);

}  // namespace kiln::parse
