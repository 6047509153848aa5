#include "parse/srcset.h"

#include <charconv>
#include <cstdlib>
#include <string>

namespace kiln::parse {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// One descriptor token: "100w", "1.5x", "200h".
void apply_descriptor(std::string_view d, SrcsetCandidate& c, bool& has_density, bool& has_width) {
  if (d.size() < 2) {
    c.valid = false;
    return;
  }
  char unit = d.back();
  std::string_view num = d.substr(0, d.size() - 1);
  if (unit == 'w') {
    uint32_t w = 0;
    auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), w);
    if (ec != std::errc() || p != num.data() + num.size() || w == 0 || has_width || has_density) {
      c.valid = false;
      return;
    }
    c.w = w;
    has_width = true;
  } else if (unit == 'x') {
    // std::from_chars for float is not in every libstdc++ we build with; strtof on a copy.
    std::string copy(num);
    char* endp = nullptr;
    float x = std::strtof(copy.c_str(), &endp);
    if (copy.empty() || endp != copy.c_str() + copy.size() || x < 0 || has_width || has_density) {
      c.valid = false;
      return;
    }
    c.x = x;
    has_density = true;
  } else if (unit != 'h') {
    c.valid = false;
  }
}

}  // namespace

std::vector<SrcsetCandidate> parse_srcset(std::string_view s) {
  std::vector<SrcsetCandidate> out;
  size_t i = 0, n = s.size();
  for (;;) {
    // Splitting loop: skip whitespace and commas.
    while (i < n && (is_ws(s[i]) || s[i] == ',')) ++i;
    if (i >= n) return out;
    SrcsetCandidate c;
    c.begin = i;
    while (i < n && !is_ws(s[i])) ++i;
    c.end = i;
    bool has_density = false, has_width = false;
    if (s[c.end - 1] == ',') {
      // A URL ending in commas: strip them; no descriptors follow.
      while (c.end > c.begin && s[c.end - 1] == ',') --c.end;
    } else {
      // Descriptor tokenizer: tokens split on whitespace, ended by a comma outside parens.
      std::string current;
      enum { in_descriptor, in_parens, after_descriptor } state = in_descriptor;
      while (i < n && is_ws(s[i])) ++i;
      for (;; ++i) {
        if (i >= n) {
          if (!current.empty()) apply_descriptor(current, c, has_density, has_width);
          break;
        }
        char ch = s[i];
        if (state == in_descriptor) {
          if (is_ws(ch)) {
            if (!current.empty()) apply_descriptor(current, c, has_density, has_width);
            current.clear();
            state = after_descriptor;
          } else if (ch == ',') {
            ++i;
            if (!current.empty()) apply_descriptor(current, c, has_density, has_width);
            break;
          } else {
            if (ch == '(') state = in_parens;
            current.push_back(ch);
          }
        } else if (state == in_parens) {
          if (ch == ')') state = in_descriptor;
          current.push_back(ch);
        } else if (!is_ws(ch)) {
          state = in_descriptor;
          --i;  // reconsume
        }
      }
    }
    if (c.end > c.begin) out.push_back(c);
  }
}

}  // namespace kiln::parse
