#include "core/file_name.h"

#include <cstdint>

namespace kiln {

namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0.
size_t utf8_sequence(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  uint8_t c1 = b(i + 1);
  if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
  if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
  if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
  if (c == 0xF4 && c1 > 0x8F) return 0;  // past U+10FFFF
  return n;
}

bool is_control(uint8_t c) { return c < 0x20 || c == 0x7F; }

void escape_byte(std::string& out, uint8_t c) {
  static const char* hex = "0123456789abcdef";
  switch (c) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: out += "\\x"; out += hex[c >> 4]; out += hex[c & 15];
  }
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::optional<std::string> unsafe_name_reason(std::string_view name) {
  for (char ch : name)
    if (is_control(static_cast<uint8_t>(ch))) {
      std::string shown;
      escape_byte(shown, static_cast<uint8_t>(ch));
      return "file name contains a control character (" + shown +
             "), which would break the header rules, manifests and reports it goes into";
    }
  if (!is_valid_utf8(name)) return std::string("file name is not valid UTF-8, which manifests and JSON cannot carry");
  return std::nullopt;
}

std::string printable_name(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<uint8_t>(s[i]);
    size_t n = utf8_sequence(s, i);
    if (n == 0 || (n == 1 && is_control(c))) {
      escape_byte(out, c);
      ++i;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace kiln
