#include "parse/nesting.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace kiln::parse {

namespace {

struct Counter {
  int64_t depth = 0;
  Nesting out;
  // False once the bound is passed (the scan can stop there).
  bool push(size_t byte) {
    ++depth;
    if (depth > out.depth) out.depth = static_cast<uint32_t>(depth);
    if (depth > kMaxNesting) {
      out.byte = static_cast<uint32_t>(byte);
      return false;
    }
    return true;
  }
  void pop() { depth = std::max<int64_t>(0, depth - 1); }
};

// Void elements never hold children; elements whose end tag may be left out (li, p, td, …)
// are closed by the next of their kind, so a list of 10,000 <li> is one level deep.
bool does_not_nest(std::string_view name) {
  static constexpr std::array<std::string_view, 29> kFlat = {
      "area",   "base",  "br",    "col",      "embed",    "hr",    "img",   "input", "link", "meta",
      "source", "track", "wbr",   "param",    "li",       "p",     "dt",    "dd",    "tr",   "td",
      "th",     "option", "optgroup", "rt",   "rp",       "thead", "tbody", "tfoot", "colgroup"};
  if (name.size() > 8) return false;
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(kFlat.begin(), kFlat.end(), lower) != kFlat.end();
}

}  // namespace

std::string too_deep_message() {
  return "nested more than " + std::to_string(kMaxNesting) + " levels deep here, too deep for the parser";
}

Nesting bracket_nesting(std::string_view text) {
  Counter c;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '(' || ch == '[' || ch == '{') {
      if (!c.push(i)) break;
    } else if (ch == ')' || ch == ']' || ch == '}') {
      c.pop();
    }
  }
  return c.out;
}

Nesting html_nesting(std::string_view text) {
  Nesting brackets = bracket_nesting(text);
  if (brackets.depth > kMaxNesting) return brackets;
  Counter c;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '<') continue;
    bool closing = text[i + 1] == '/';
    size_t name_start = i + (closing ? 2 : 1);
    size_t j = name_start;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '-')) ++j;
    if (j == name_start || !std::isalpha(static_cast<unsigned char>(text[name_start]))) continue;
    if (closing) {
      c.pop();
      continue;
    }
    size_t end = j;  // the tag's '>', looked for up to the next '<' (linear over the file)
    while (end < text.size() && text[end] != '>' && text[end] != '<') ++end;
    bool self_closing = end < text.size() && text[end] == '>' && text[end - 1] == '/';
    if (self_closing || does_not_nest(text.substr(name_start, j - name_start))) continue;
    if (!c.push(i)) break;
  }
  return c.out;
}

}  // namespace kiln::parse
