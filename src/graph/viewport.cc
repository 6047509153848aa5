#include "graph/viewport.h"

#include <charconv>
#include <optional>
#include <vector>

namespace kiln::graph {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ws(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Splits at commas outside parentheses.
std::vector<std::string_view> split_list(std::string_view s) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && depth > 0) --depth;
    if (s[i] == ',' && depth == 0) {
      parts.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.push_back(trim(s.substr(start)));
  return parts;
}

std::optional<double> number(std::string_view s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// A length in CSS pixels: px, em and rem (16px, the browsers' default font size), vw and vh
// when a viewport is given, and a bare 0.
std::optional<double> length(std::string_view s, const Viewport* v) {
  s = trim(s);
  std::string t = lower(s);
  size_t unit = t.find_first_not_of("0123456789.+-");
  if (unit == std::string::npos) {
    auto n = number(t);
    return n && *n == 0 ? n : std::nullopt;
  }
  auto n = number(std::string_view(t).substr(0, unit));
  if (!n) return std::nullopt;
  std::string_view u = std::string_view(t).substr(unit);
  if (u == "px") return *n;
  if (u == "em" || u == "rem") return *n * 16;
  if (v && u == "vw") return *n * v->width / 100;
  if (v && u == "vh") return *n * v->height / 100;
  return std::nullopt;
}

enum class Tri { yes, no, unknown };

Tri of(bool b) { return b ? Tri::yes : Tri::no; }

// One "(feature: value)" or "(feature op value)" without its parentheses.
Tri feature(std::string_view f, const Viewport& v) {
  std::string t = lower(trim(f));
  if (t.find('(') != std::string::npos || t.find(" or ") != std::string::npos) return Tri::unknown;
  if (size_t colon = t.find(':'); colon != std::string::npos) {
    std::string name(trim(std::string_view(t).substr(0, colon)));
    std::string_view value = trim(std::string_view(t).substr(colon + 1));
    if (name == "orientation") {
      if (value == "landscape") return of(v.width >= v.height);
      if (value == "portrait") return of(v.height >= v.width);
      return Tri::unknown;
    }
    auto len = length(value, nullptr);
    if (!len) return Tri::unknown;
    if (name == "min-width") return of(v.width >= *len);
    if (name == "max-width") return of(v.width <= *len);
    if (name == "min-height") return of(v.height >= *len);
    if (name == "max-height") return of(v.height <= *len);
    if (name == "width") return of(v.width == *len);
    if (name == "height") return of(v.height == *len);
    return Tri::unknown;
  }
  // Range syntax: "width >= 600px" or "600px < width".
  for (std::string_view op : {">=", "<=", ">", "<", "="}) {
    size_t at = t.find(op);
    if (at == std::string::npos) continue;
    std::string left(trim(std::string_view(t).substr(0, at))), right(trim(std::string_view(t).substr(at + op.size())));
    bool flipped = left != "width" && left != "height";
    const std::string& name = flipped ? right : left;
    if (name != "width" && name != "height") return Tri::unknown;
    auto len = length(flipped ? left : right, nullptr);
    if (!len || right.find_first_of("<>=") != std::string::npos) return Tri::unknown;
    double have = name == "width" ? v.width : v.height;
    double a = flipped ? *len : have, b = flipped ? have : *len;
    if (op == ">=") return of(a >= b);
    if (op == "<=") return of(a <= b);
    if (op == ">") return of(a > b);
    if (op == "<") return of(a < b);
    return of(a == b);
  }
  return Tri::unknown;
}

// One query of a list: [not|only] [type] [and (feature)]… or (feature) [and (feature)]….
Tri query(std::string_view q, const Viewport& v) {
  std::string t = lower(trim(q));
  if (t.empty()) return Tri::yes;
  bool negate = false;
  std::string_view rest = t;
  auto word = [&]() -> std::string_view {
    rest = trim(rest);
    size_t end = 0;
    while (end < rest.size() && !is_ws(rest[end]) && rest[end] != '(') ++end;
    std::string_view w = rest.substr(0, end);
    rest.remove_prefix(end);
    return w;
  };
  Tri result = Tri::yes;
  bool expect_term = true;
  while (!trim(rest).empty()) {
    rest = trim(rest);
    if (rest.front() == '(') {
      int depth = 0;
      size_t end = 0;
      for (; end < rest.size(); ++end) {
        if (rest[end] == '(') ++depth;
        if (rest[end] == ')' && --depth == 0) break;
      }
      if (end >= rest.size()) return Tri::unknown;
      Tri f = feature(rest.substr(1, end - 1), v);
      if (f == Tri::no) result = Tri::no;
      else if (f == Tri::unknown && result == Tri::yes) result = Tri::unknown;
      rest.remove_prefix(end + 1);
      expect_term = false;
      continue;
    }
    std::string_view w = word();
    if (w == "and" && !expect_term) {
      expect_term = true;
    } else if (w == "not" && expect_term) {
      negate = !negate;
    } else if (w == "only" && expect_term) {
    } else if (expect_term && (w == "all" || w == "screen")) {
      expect_term = false;
    } else if (expect_term && (w == "print" || w == "speech" || w == "tv" || w == "handheld" || w == "projection")) {
      result = Tri::no;
      expect_term = false;
    } else {
      return Tri::unknown;  // "or", an unknown type, a stray word
    }
  }
  if (negate && result != Tri::unknown) return result == Tri::yes ? Tri::no : Tri::yes;
  return result;
}

}  // namespace

Result<Viewport> parse_viewport(std::string_view text) {
  Viewport v;
  std::string t = lower(trim(text));
  auto bad = [&] {
    return Error{"--viewport: expected WIDTHxHEIGHT[@DPRx] such as 1280x800@1x, got '" + std::string(text) + "'"};
  };
  size_t x = t.find('x'), at = t.find('@');
  if (x == std::string::npos || (at != std::string::npos && at < x)) return bad();
  std::string_view w = std::string_view(t).substr(0, x);
  std::string_view h = std::string_view(t).substr(x + 1, at == std::string::npos ? std::string::npos : at - x - 1);
  auto wn = number(w), hn = number(h);
  if (!wn || !hn || *wn < 1 || *hn < 1 || *wn > 100000 || *hn > 100000 || *wn != uint32_t(*wn) || *hn != uint32_t(*hn))
    return bad();
  v.width = static_cast<uint32_t>(*wn);
  v.height = static_cast<uint32_t>(*hn);
  if (at != std::string::npos) {
    std::string_view d = std::string_view(t).substr(at + 1);
    if (!d.empty() && d.back() == 'x') d.remove_suffix(1);
    auto dn = number(d);
    if (!dn || *dn <= 0 || *dn > 16) return bad();
    v.dpr = *dn;
  }
  return v;
}

std::string viewport_text(const Viewport& v) {
  char dpr[32];
  std::snprintf(dpr, sizeof dpr, "%g", v.dpr);
  return std::to_string(v.width) + "x" + std::to_string(v.height) + "@" + dpr + "x";
}

bool media_matches(std::string_view q, const Viewport& v) {
  if (trim(q).empty()) return true;
  for (auto part : split_list(q))
    if (query(part, v) != Tri::no) return true;
  return false;
}

double slot_width(std::string_view sizes, const Viewport& v) {
  for (auto entry : split_list(sizes)) {
    if (entry.empty()) continue;
    // The length is the last token: "(max-width: 600px) 100vw" or "50vw".
    size_t cut = entry.size();
    while (cut > 0 && !is_ws(entry[cut - 1]) && entry[cut - 1] != ')') --cut;
    std::string_view len_text = entry.substr(cut), condition = trim(entry.substr(0, cut));
    if (lower(len_text) == "auto") return v.width;  // loading=lazy images: the layout width; kiln has none
    auto len = length(len_text, &v);
    if (!len || *len < 0) continue;  // calc(), an unknown unit: browsers skip the entry
    if (condition.empty() || media_matches(condition, v)) return *len;
  }
  return v.width;
}

}  // namespace kiln::graph
