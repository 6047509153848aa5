#include "page/source_checks.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace kiln::page {

namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Skips a quoted string starting at s[i] (the quote); returns the index after it.
size_t skip_string(std::string_view s, size_t i) {
  char q = s[i++];
  while (i < s.size() && s[i] != q) {
    if (s[i] == '\\') ++i;
    else if (s[i] == '\n' && q != '`') break;  // an unterminated string ends at the line
    ++i;
  }
  return std::min(i + 1, s.size());
}

// Whether the word just before s[at] (spaces allowed) is a keyword after which '/' starts a
// regular expression (`return /x/`), not a division (`a / b`).
bool regex_keyword(std::string_view s, size_t at) {
  size_t end = at;
  while (end > 0 && space(s[end - 1])) --end;
  size_t begin = end;
  while (begin > 0 && (std::isalnum(static_cast<unsigned char>(s[begin - 1])) || s[begin - 1] == '_' || s[begin - 1] == '$'))
    --begin;
  if (begin > 0 && s[begin - 1] == '.') return false;  // a property: x.return / 2
  std::string_view w = s.substr(begin, end - begin);
  for (std::string_view k : {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
                             "instanceof", "yield", "await"})
    if (w == k) return true;
  return false;
}

size_t skip_template(std::string_view s, size_t i);

// Skips the code of a template's ${...} from just after "${" to just after its "}".
size_t skip_substitution(std::string_view s, size_t i) {
  int depth = 1;
  while (i < s.size()) {
    char c = s[i];
    if (c == '`') i = skip_template(s, i);
    else if (c == '"' || c == '\'') i = skip_string(s, i);
    else if (c == '{') ++depth, ++i;
    else if (c == '}' && --depth == 0) return i + 1;
    else ++i;
  }
  return i;
}

// Skips a template literal starting at s[i] (the backtick), ${...} substitutions nested.
size_t skip_template(std::string_view s, size_t i) {
  ++i;
  while (i < s.size()) {
    if (s[i] == '\\') i += 2;
    else if (s[i] == '`') return i + 1;
    else if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') i = skip_substitution(s, i + 2);
    else ++i;
  }
  return s.size();
}

}  // namespace

uint64_t js_removable_bytes(std::string_view s) {
  uint64_t removable = 0;
  char last = 0;  // last significant character, to tell a regular expression from a division
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (space(c)) {
      size_t j = i;
      while (j < s.size() && space(s[j])) ++j;
      removable += j - i - 1;  // one separator may be needed
      i = j;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      size_t end = s.find('\n', i);
      end = end == std::string_view::npos ? s.size() : end;
      removable += end - i;
      i = end;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      end = end == std::string_view::npos ? s.size() : end + 2;
      removable += end - i;
      i = end;
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      i = c == '`' ? skip_template(s, i) : skip_string(s, i);
      last = c;
      continue;
    }
    if (c == '/' && (last == 0 || std::string_view("(,=:[!&|?{};+-*%<>~^").find(last) != std::string_view::npos ||
                     regex_keyword(s, i))) {
      // A regular expression literal: up to the closing '/' outside a class.
      bool in_class = false;
      size_t j = i + 1;
      for (; j < s.size() && s[j] != '\n'; ++j) {
        if (s[j] == '\\') ++j;
        else if (s[j] == '[') in_class = true;
        else if (s[j] == ']') in_class = false;
        else if (s[j] == '/' && !in_class) break;
      }
      i = std::min(j + 1, s.size());
      last = 'r';
      continue;
    }
    last = c;
    ++i;
  }
  return removable;
}

uint64_t css_removable_bytes(std::string_view s) {
  uint64_t removable = 0;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      end = end == std::string_view::npos ? s.size() : end + 2;
      removable += end - i;
      i = end;
    } else if (c == '"' || c == '\'') {
      i = skip_string(s, i);
    } else if (space(c)) {
      size_t j = i;
      while (j < s.size() && space(s[j])) ++j;
      // Whitespace next to punctuation goes entirely; between two words one space stays.
      bool needed = i > 0 && j < s.size() && std::isalnum(static_cast<unsigned char>(s[i - 1])) &&
                    (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-' || s[j] == '#' || s[j] == '.');
      removable += j - i - (needed ? 1 : 0);
      i = j;
    } else {
      ++i;
    }
  }
  return removable;
}

std::vector<uint32_t> font_faces_without_display(std::string_view s) {
  std::vector<uint32_t> lines;
  uint32_t line = 1;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') ++line;
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      end = end == std::string_view::npos ? s.size() : end + 1;
      line += uint32_t(std::count(s.begin() + i, s.begin() + end, '\n'));
      i = end;
      continue;
    }
    if (c == '"' || c == '\'') {
      size_t end = skip_string(s, i);
      line += uint32_t(std::count(s.begin() + i, s.begin() + end, '\n'));
      i = end - 1;
      continue;
    }
    if (c != '@' || i + 10 > s.size()) continue;
    std::string word(s.substr(i + 1, 9));
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char x) { return char(std::tolower(x)); });
    if (word != "font-face") continue;
    size_t open = s.find('{', i), close = open == std::string_view::npos ? open : s.find('}', open);
    if (close == std::string_view::npos) break;
    std::string body(s.substr(open, close - open));
    std::transform(body.begin(), body.end(), body.begin(), [](unsigned char x) { return char(std::tolower(x)); });
    if (body.find("font-display") == std::string::npos) lines.push_back(line);
    line += uint32_t(std::count(s.begin() + i, s.begin() + close, '\n'));
    i = close;
  }
  return lines;
}

}  // namespace kiln::page
