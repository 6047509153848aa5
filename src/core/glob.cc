#include "core/glob.h"

namespace kiln {

namespace {

// Expands the first top-level {a,b} group, recursively, into plain alternatives.
void expand_braces(const std::string& p, std::vector<std::string>& out) {
  size_t open = std::string::npos;
  int depth = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') { ++i; continue; }
    if (p[i] == '{') {
      if (depth++ == 0) open = i;
    } else if (p[i] == '}' && depth > 0) {
      if (--depth == 0) {
        std::vector<std::string> parts;
        std::string cur;
        int inner = 0;
        for (size_t j = open + 1; j < i; ++j) {
          char c = p[j];
          if (c == '{') ++inner;
          if (c == '}') --inner;
          if (c == ',' && inner == 0) {
            parts.push_back(cur);
            cur.clear();
          } else {
            cur += c;
          }
        }
        parts.push_back(cur);
        std::string head = p.substr(0, open), tail = p.substr(i + 1);
        for (const auto& part : parts) expand_braces(head + part + tail, out);
        return;
      }
    }
  }
  out.push_back(p);
}

std::vector<std::string> split_segments(std::string_view s) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = s.find('/', start);
    std::string_view seg = s.substr(start, slash == std::string_view::npos ? s.npos : slash - start);
    if (!seg.empty() && seg != ".") parts.emplace_back(seg);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return parts;
}

bool match_class(std::string_view pattern, size_t& pi, char c, bool& matched) {
  // pattern[pi] == '['; on success pi points past ']'.
  size_t i = pi + 1;
  bool negate = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negate = true;
    ++i;
  }
  bool hit = false;
  bool first = true;
  for (; i < pattern.size(); ++i) {
    if (pattern[i] == ']' && !first) {
      matched = hit != negate;
      pi = i + 1;
      return true;
    }
    first = false;
    char lo = pattern[i];
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      char hi = pattern[i + 2];
      if (c >= lo && c <= hi) hit = true;
      i += 2;
    } else if (c == lo) {
      hit = true;
    }
  }
  return false;  // unterminated: treat '[' literally
}

bool match_segments(const std::vector<std::string>& pat, size_t pi,
                    const std::vector<std::string_view>& path, size_t si) {
  while (pi < pat.size()) {
    if (pat[pi] == "**") {
      // Collapse consecutive ** and try every split.
      while (pi + 1 < pat.size() && pat[pi + 1] == "**") ++pi;
      if (pi + 1 == pat.size()) return true;
      for (size_t k = si; k <= path.size(); ++k)
        if (match_segments(pat, pi + 1, path, k)) return true;
      return false;
    }
    if (si >= path.size() || !glob_match_segment(pat[pi], path[si])) return false;
    ++pi;
    ++si;
  }
  return si == path.size();
}

}  // namespace

bool glob_match_segment(std::string_view pattern, std::string_view text) {
  size_t pi = 0, ti = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (ti < text.size()) {
    if (pi < pattern.size()) {
      char pc = pattern[pi];
      if (pc == '*') {
        star_p = ++pi;
        star_t = ti;
        continue;
      }
      if (pc == '?') {
        ++pi;
        ++ti;
        continue;
      }
      if (pc == '[') {
        size_t next = pi;
        bool matched = false;
        if (match_class(pattern, next, text[ti], matched)) {
          if (matched) {
            pi = next;
            ++ti;
            continue;
          }
        } else if (text[ti] == '[') {
          ++pi;
          ++ti;
          continue;
        }
      } else {
        if (pc == '\\' && pi + 1 < pattern.size()) pc = pattern[++pi];
        if (pc == text[ti]) {
          ++pi;
          ++ti;
          continue;
        }
      }
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    ti = ++star_t;
  }
  while (pi < pattern.size() && pattern[pi] == '*') ++pi;
  return pi == pattern.size();
}

Glob::Glob(std::string_view pattern, bool match_base) : pattern_(pattern) {
  std::string p(pattern);
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  std::vector<std::string> expanded;
  expand_braces(p, expanded);
  for (auto& alt : expanded) {
    if (match_base && alt.find('/') == std::string::npos) alt = "**/" + alt;
    alternatives_.push_back(split_segments(alt));
  }
}

bool Glob::matches(std::string_view path) const {
  std::vector<std::string_view> segs;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) segs.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  for (const auto& alt : alternatives_)
    if (match_segments(alt, 0, segs, 0)) return true;
  return false;
}

GlobSet::GlobSet(const std::vector<std::string>& patterns) {
  for (const auto& p : patterns) globs_.emplace_back(p);
}

bool GlobSet::matches(std::string_view path) const {
  for (const auto& g : globs_)
    if (g.matches(path)) return true;
  return false;
}

}  // namespace kiln
