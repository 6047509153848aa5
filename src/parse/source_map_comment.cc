#include "parse/source_map_comment.h"

namespace kiln::parse {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_ws(char c) { return is_space(c) || c == '\n' || c == '\r'; }

}  // namespace

std::optional<std::pair<uint32_t, uint32_t>> find_js_source_map(std::string_view src, TSNode root, TSSymbol comment) {
  static constexpr std::string_view kKey = "sourceMappingURL=";
  size_t p = src.size();
  // Bounded: a file with thousands of these in strings is not worth a slow parse.
  for (int tries = 0; tries < 64; ++tries) {
    p = src.rfind(kKey, p == 0 ? std::string_view::npos : p - 1);
    if (p == std::string_view::npos || p == 0) return std::nullopt;
    size_t q = p;
    while (q > 0 && is_space(src[q - 1])) --q;
    if (q < 3 || (src[q - 1] != '#' && src[q - 1] != '@') || src[q - 3] != '/' ||
        (src[q - 2] != '/' && src[q - 2] != '*'))
      continue;
    size_t start = q - 3;
    TSNode at = ts_node_descendant_for_byte_range(root, static_cast<uint32_t>(start), static_cast<uint32_t>(start + 1));
    bool in_comment = !ts_node_is_null(at) && ts_node_symbol(at) == comment;
    if (!in_comment && ts_node_has_error(root)) {
      size_t line = start;
      while (line > 0 && is_space(src[line - 1])) --line;
      in_comment = line == 0 || src[line - 1] == '\n' || src[line - 1] == '\r';
    }
    if (!in_comment) continue;
    size_t b = p + kKey.size(), e = b;
    bool block = src[q - 2] == '*';
    while (e < src.size() && !is_ws(src[e]) && !(block && src.compare(e, 2, "*/") == 0)) ++e;
    if (e == b) return std::nullopt;
    return std::make_pair(static_cast<uint32_t>(b), static_cast<uint32_t>(e));
  }
  return std::nullopt;
}

}  // namespace kiln::parse
