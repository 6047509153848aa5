#include "source/skim.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace kiln::source {

namespace {

bool word_start(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u == '$' || u >= 0x80;
}
bool word_char(char c) { return word_start(c) || (c >= '0' && c <= '9'); }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Words the walk reads: a body holding one is kept.
bool walked_word(std::string_view w) {
  return one_of(w, {"import", "require", "export", "exports", "module", "URL", "Worker", "SharedWorker"});
}
// `word (` is not a call whose arguments may go: `if ( )`, `return ( )`, `x as ( )` would not
// parse, and the arguments of require/import()/glob/new URL/Worker are what the walk reads.
bool keeps_parens(std::string_view w) {
  return walked_word(w) ||
         one_of(w, {"if", "for", "while", "switch", "catch", "with", "return", "typeof", "await", "yield", "case", "in",
                    "of", "void", "delete", "throw", "new", "instanceof", "else", "do", "as", "satisfies", "keyof",
                    "infer", "is", "asserts", "default", "extends", "readonly", "unique", "glob", "globEager",
                    "resolve", "function"});
}
// After these a `/` starts a regular expression, as after an operator.
bool regex_after(std::string_view w) {
  return one_of(w, {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield",
                    "await", "instanceof"});
}

// Local names of namespace imports, which the walk follows through the whole file: the
// word after `* as`, and X in `X = require(`, `X = await import(`, `X = (import(`. A
// superset (found in strings and comments too) only keeps more.
std::vector<std::string_view> namespace_names(std::string_view s) {
  std::vector<std::string_view> out;
  auto skip_back = [&](size_t i) {  // index just past the previous non-space, or 0
    while (i > 0 && space(s[i - 1])) --i;
    return i;
  };
  auto word_before = [&](size_t end) {
    size_t b = end;
    while (b > 0 && word_char(s[b - 1])) --b;
    return s.substr(b, end - b);
  };
  for (size_t at = s.find("as"); at != std::string_view::npos; at = s.find("as", at + 2)) {
    size_t b = skip_back(at);
    if (b == 0 || s[b - 1] != '*' || (at + 2 < s.size() && !space(s[at + 2]))) continue;
    size_t p = at + 2;
    while (p < s.size() && space(s[p])) ++p;
    size_t e = p;
    while (e < s.size() && word_char(s[e])) ++e;
    if (e > p) out.push_back(s.substr(p, e - p));
  }
  for (std::string_view call : {"require", "import"}) {
    for (size_t at = s.find(call); at != std::string_view::npos; at = s.find(call, at + 1)) {
      size_t p = at + call.size();
      while (p < s.size() && space(s[p])) ++p;
      if (p >= s.size() || s[p] != '(' || (at > 0 && word_char(s[at - 1]))) continue;
      size_t b = skip_back(at);
      for (int steps = 0; steps < 4 && b > 0; ++steps) {
        if (s[b - 1] == '(') b = skip_back(b - 1);
        else if (word_before(b) == "await") b = skip_back(b - 5);
        else break;
      }
      if (b < 2 || s[b - 1] != '=' || std::string_view("=!<>+-*/%&|^?").find(s[b - 2]) != std::string_view::npos)
        continue;
      auto name = word_before(skip_back(b - 1));
      if (!name.empty()) out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

struct Open {
  char c;  // ( [ { or $ for a template's ${
  uint32_t at;
  bool blankable, walked;
};

class Lexer {
 public:
  Lexer(std::string_view s, std::vector<std::string_view> names) : s_(s), names_(std::move(names)) {}

  // The byte ranges to blank, or false when unsure.
  bool run(std::vector<std::pair<uint32_t, uint32_t>>& ranges) {
    size_t i = 0;
    if (s_.substr(0, 2) == "#!") i = s_.find('\n') == std::string_view::npos ? s_.size() : s_.find('\n');
    while (i < s_.size()) {
      char c = s_[i];
      if (space(c)) {
        ++i;
        continue;
      }
      if (c == '/' && i + 1 < s_.size() && s_[i + 1] == '/') {
        i = s_.find('\n', i);
        if (i == std::string_view::npos) i = s_.size();
        continue;
      }
      if (c == '/' && i + 1 < s_.size() && s_[i + 1] == '*') {
        size_t e = s_.find("*/", i + 2);
        if (e == std::string_view::npos) return false;
        i = e + 2;
        continue;
      }
      if (c == '/') {
        bool regex = prev_ == Prev::none || prev_ == Prev::punct || prev_ == Prev::regex_word || prev_ == Prev::close_brace;
        size_t e = regex ? regex_end(i) : 0;
        if (e) i = e, prev_ = Prev::literal;
        else ++i, prev_ = Prev::punct;
        continue;
      }
      if (c == '"' || c == '\'') {
        size_t e = i + 1;
        while (e < s_.size() && s_[e] != c) {
          if (s_[e] == '\\') ++e;
          else if (s_[e] == '\n') return false;
          ++e;
        }
        if (e >= s_.size()) return false;
        i = e + 1, prev_ = Prev::literal;
        continue;
      }
      if (c == '`') {
        if (!template_from(i + 1, i)) return false;
        continue;
      }
      if (word_start(c) || c == '#') {
        size_t e = i + 1;
        while (e < s_.size() && word_char(s_[e])) ++e;
        word_ = s_.substr(i, e - i);
        if (!stack_.empty() && !stack_.back().walked &&
            (walked_word(word_) || std::binary_search(names_.begin(), names_.end(), word_)))
          stack_.back().walked = true;
        prev_ = regex_after(word_) ? Prev::regex_word : Prev::word;
        i = e;
        continue;
      }
      if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < s_.size() && s_[i + 1] >= '0' && s_[i + 1] <= '9')) {
        size_t e = i + 1;
        while (e < s_.size() && (word_char(s_[e]) || s_[e] == '.')) ++e;
        i = e, prev_ = Prev::literal;
        continue;
      }
      switch (c) {
        case '(':
          stack_.push_back({c, static_cast<uint32_t>(i), prev_ == Prev::word && !keeps_parens(word_), false});
          prev_ = Prev::punct;
          break;
        case '{':
          stack_.push_back({c, static_cast<uint32_t>(i),
                            prev_ == Prev::close_paren || prev_ == Prev::arrow ||
                                ((prev_ == Prev::word || prev_ == Prev::regex_word) &&
                                 one_of(word_, {"else", "try", "finally", "do"})),
                            false});
          prev_ = Prev::punct;
          break;
        case '[':
          stack_.push_back({c, static_cast<uint32_t>(i), false, false});
          prev_ = Prev::punct;
          break;
        case ')':
        case ']':
        case '}': {
          if (stack_.empty()) return false;
          Open top = stack_.back();
          stack_.pop_back();
          if (top.c == '$') {
            if (c != '}') return false;
            if (!stack_.empty() && top.walked) stack_.back().walked = true;
            if (!template_from(i + 1, i)) return false;
            continue;
          }
          if ((c == ')' && top.c != '(') || (c == ']' && top.c != '[') || (c == '}' && top.c != '{')) return false;
          if (top.walked) {
            if (!stack_.empty()) stack_.back().walked = true;
          } else if (top.blankable && i > top.at + 1) {
            while (!ranges.empty() && ranges.back().first > top.at) ranges.pop_back();
            ranges.emplace_back(top.at + 1, static_cast<uint32_t>(i));
          }
          prev_ = c == ')' ? Prev::close_paren : c == ']' ? Prev::literal : Prev::close_brace;
          break;
        }
        case '=':
          if (i + 1 < s_.size() && s_[i + 1] == '>') {
            ++i;
            prev_ = Prev::arrow;
          } else {
            prev_ = Prev::punct;
          }
          break;
        default: prev_ = Prev::punct;
      }
      ++i;
    }
    return stack_.empty();
  }

 private:
  enum class Prev : uint8_t { none, word, regex_word, literal, punct, close_paren, close_brace, arrow };

  // The end of a regular expression starting at `at` (with its flags), or 0 when none
  // closes on this line (then it was a division).
  size_t regex_end(size_t at) const {
    bool in_class = false;
    for (size_t e = at + 1; e < s_.size(); ++e) {
      char c = s_[e];
      if (c == '\n' || c == '\r') return 0;
      if (c == '\\') ++e;
      else if (c == '[') in_class = true;
      else if (c == ']') in_class = false;
      else if (c == '/' && !in_class) {
        ++e;
        while (e < s_.size() && word_char(s_[e])) ++e;
        return e;
      }
    }
    return 0;
  }

  // Scans a template's text from `from` to its closing backtick (`i` after it) or to a
  // `${` (pushed; `i` after it). False when unterminated.
  bool template_from(size_t from, size_t& i) {
    for (size_t e = from; e < s_.size(); ++e) {
      if (s_[e] == '\\') ++e;
      else if (s_[e] == '`') {
        i = e + 1, prev_ = Prev::literal;
        return true;
      } else if (s_[e] == '$' && e + 1 < s_.size() && s_[e + 1] == '{') {
        stack_.push_back({'$', static_cast<uint32_t>(e), false, false});
        i = e + 2, prev_ = Prev::punct;
        return true;
      }
    }
    return false;
  }

  std::string_view s_;
  std::vector<std::string_view> names_;
  std::vector<Open> stack_;
  Prev prev_ = Prev::none;
  std::string_view word_;
};

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> inert_bodies(std::string_view src) {
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  // JSX text is not JavaScript to this lexer (an apostrophe in it is no string).
  if (src.find("</") != std::string_view::npos || src.find("/>") != std::string_view::npos) return ranges;
  Lexer lexer(src, namespace_names(src));
  if (!lexer.run(ranges)) ranges.clear();
  return ranges;
}

}  // namespace kiln::source
