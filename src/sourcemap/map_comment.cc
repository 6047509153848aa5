#include "sourcemap/map_comment.h"

namespace kiln::sourcemap {

namespace {

constexpr std::string_view kKey = "sourceMappingURL=";

bool starts(std::string_view s, size_t i, std::string_view p) { return s.compare(i, p.size(), p) == 0; }

// Multi-byte members of JavaScript's WhiteSpace and LineTerminator sets, in UTF-8.
size_t wide_space_len(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  if (b(0) == 0xC2 && b(1) == 0xA0) return 2;                                    // U+00A0
  if (b(0) == 0xE1 && b(1) == 0x9A && b(2) == 0x80) return 3;                    // U+1680
  if (b(0) == 0xE2 && b(1) == 0x80 && ((b(2) >= 0x80 && b(2) <= 0x8A) || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF))
    return 3;                                                                    // U+2000-200A, 2028, 2029, 202F
  if (b(0) == 0xE2 && b(1) == 0x81 && b(2) == 0x9F) return 3;                    // U+205F
  if (b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) return 3;                    // U+3000
  if (b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) return 3;                    // U+FEFF
  return 0;
}

// A line end for a multiline `$`: before \n, \r, U+2028, U+2029 or the end of the text.
bool at_line_end(std::string_view s, size_t i) { return i >= s.size() || is_line_terminator_at(s, i); }

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// `^\s*\/(?:\/|\*)[@#]\s+sourceMappingURL=data:(?:application|text)\/json;(?:charset[:=]\S+?;)?base64,.*$`
std::optional<ByteRange> find_inline(std::string_view f) {
  for (size_t p = f.find(kKey); p != std::string_view::npos; p = f.find(kKey, p + 1)) {
    size_t q = p + kKey.size();
    if (!starts(f, q, "data:")) continue;
    q += 5;
    if (starts(f, q, "application/json;")) q += 17;
    else if (starts(f, q, "text/json;")) q += 10;
    else continue;
    if (!starts(f, q, "base64,")) {
      if (!starts(f, q, "charset") || q + 7 >= f.size() || (f[q + 7] != ':' && f[q + 7] != '=')) continue;
      size_t r = q + 8, semi = std::string_view::npos;
      for (; r < f.size() && !js_space_at(f, r); ++r)
        if (f[r] == ';' && r > q + 8 && starts(f, r + 1, "base64,")) {
          semi = r;
          break;
        }
      if (semi == std::string_view::npos) continue;
    }
    // Backwards: \s+ [@#] [/*] / then only whitespace back to a line start.
    size_t b = p, spaces = 0;
    while (size_t n = js_space_before(f, b)) b -= n, ++spaces;
    if (!spaces || b < 3 || (f[b - 1] != '@' && f[b - 1] != '#') || (f[b - 2] != '/' && f[b - 2] != '*') ||
        f[b - 3] != '/')
      continue;
    size_t slash = b - 3, w = slash;
    bool line_start = w == 0;
    while (!line_start) {
      size_t n = js_space_before(f, w);
      if (!n) break;
      w -= n;
      line_start = w == 0 || is_line_terminator_at(f, w);
    }
    if (!line_start && w > 0) {
      // The run of whitespace must start at a line start (or contain a line terminator).
      continue;
    }
    size_t e = q;
    while (!at_line_end(f, e)) ++e;
    while (size_t n = js_space_before(f, e)) e -= n;
    return ByteRange{slash, e};
  }
  return std::nullopt;
}

// `//[@#][ \t]+sourceMappingURL=([^\s'"`]+?)[ \t]*$` or
// `/\*[@#][ \t]+sourceMappingURL=([^*]+?)[ \t]*\*\/[ \t]*$`
std::optional<ByteRange> find_file_comment(std::string_view f) {
  for (size_t p = f.find(kKey); p != std::string_view::npos; p = f.find(kKey, p + 1)) {
    size_t b = p;
    while (b > 0 && (f[b - 1] == ' ' || f[b - 1] == '\t')) --b;
    if (b == p || b < 3 || (f[b - 1] != '@' && f[b - 1] != '#') || f[b - 3] != '/') continue;
    size_t q = p + kKey.size();
    if (f[b - 2] == '/') {
      size_t e = q;
      while (e < f.size() && !is_ascii_space(f[e]) && !js_space_at(f, e) && f[e] != '\'' && f[e] != '"' && f[e] != '`')
        ++e;
      if (e == q) continue;
      size_t t = e;
      while (t < f.size() && (f[t] == ' ' || f[t] == '\t')) ++t;
      if (!at_line_end(f, t)) continue;
      return ByteRange{b - 3, e};
    }
    if (f[b - 2] != '*') continue;
    size_t close = f.find('*', q);
    if (close == std::string_view::npos || close == q || !starts(f, close, "*/")) continue;
    size_t u = close;
    while (u > q && (f[u - 1] == ' ' || f[u - 1] == '\t')) --u;
    if (u == q) continue;
    size_t t = close + 2;
    while (t < f.size() && (f[t] == ' ' || f[t] == '\t')) ++t;
    if (!at_line_end(f, t)) continue;
    return ByteRange{b - 3, close + 2};
  }
  return std::nullopt;
}

}  // namespace

size_t js_space_at(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return is_ascii_space(static_cast<char>(c)) ? 1 : 0;
  return wide_space_len(s, i);
}

size_t js_space_before(std::string_view s, size_t i) {
  if (i == 0) return 0;
  if (static_cast<unsigned char>(s[i - 1]) < 0x80) return is_ascii_space(s[i - 1]) ? 1 : 0;
  for (size_t n : {2u, 3u})
    if (i >= n && wide_space_len(s, i - n) == n) return n;
  return 0;
}

bool is_line_terminator_at(std::string_view s, size_t i) {
  if (i >= s.size()) return false;
  if (s[i] == '\n' || s[i] == '\r') return true;
  return starts(s, i, "\xE2\x80\xA8") || starts(s, i, "\xE2\x80\xA9");
}

std::optional<ByteRange> find_map_comment(std::string_view file) {
  if (auto r = find_inline(file)) return r;
  return find_file_comment(file);
}

}  // namespace kiln::sourcemap
