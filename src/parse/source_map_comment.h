// Finds the `//# sourceMappingURL=…` comment of a JS file: only the last one counts, and only
// in a comment (bundlers carry the string "//# sourceMappingURL=" in their own code).
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace kiln::parse {

// The byte range (local to `src`) of the URL of the last sourceMappingURL comment, accepting
// `//#`, `//@`, `/*#` and `/*@`. A candidate counts when the tree has a comment node there,
// or, where the tree is damaged, when it starts a line.
std::optional<std::pair<uint32_t, uint32_t>> find_js_source_map(std::string_view src, TSNode root, TSSymbol comment);

}  // namespace kiln::parse
