// A cheap pre-scan of how deep a file nests, run before kiln hands it to tree-sitter:
// tree-sitter 0.20.7 corrupts its heap deleting trees 100,000 levels deep (measured: CSS
// `.a{` then `[`, HTML `<div>`, JS `[{(` x 30,000 all abort), and kiln's tree walkers
// recurse. A file nested deeper than kMaxNesting is not parsed; it gets a warning naming the
// depth and its references come from kiln's lexical scanners.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln::parse {

// Real code nests a few dozen levels (minified bundles in the corpus: under 100); generated
// data can nest deeper, so the bound leaves a wide margin below where tree-sitter fails.
inline constexpr uint32_t kMaxNesting = 2000;

struct Nesting {
  uint32_t depth = 0;  // the deepest point (capped at kMaxNesting + 1)
  uint32_t byte = 0;   // where the bound was passed (valid when depth > kMaxNesting)
};

// Brackets ( [ { counted over the whole text, strings and comments included: an over-count
// only ever sends a file to the lexical scanner, never a deep file to the parser.
Nesting bracket_nesting(std::string_view text);

// Open HTML elements (start tags minus end tags; void elements and `/>` do not nest), plus
// the brackets of the text (inline scripts and styles).
Nesting html_nesting(std::string_view text);

// "nested more than 2000 levels deep here, too deep for the parser"
std::string too_deep_message();

}  // namespace kiln::parse
