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

// Byte offsets just after the `;` tokens that end top-level statements (outside every
// bracket, string, comment, template literal and regex, by the same lexical rules), each at
// least `spacing` bytes after the previous one: places where `src` can be cut into pieces that
// tree-sitter parses on their own. A wrong guess (a regex taken for a division) only makes a
// piece fail to parse, which the caller checks.
std::vector<uint32_t> top_level_cuts(std::string_view src, uint32_t spacing);

}  // namespace kiln::parse
