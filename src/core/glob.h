// Glob patterns over '/'-separated relative paths, with the semantics of the globs teams
// already write (workbox globPatterns, size-limit paths):
//   *      any run of characters within one path segment
//   ?      one character other than '/'
//   [a-z]  a character class, [!a-z] or [^a-z] negated
//   {a,b}  alternatives (may nest)
//   **     as a whole segment: zero or more segments
// A pattern with no '/' matches the file name in any folder (`*.map` == `**/*.map`).
// A leading "./" is ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiln {

class Glob {
 public:
  // match_base: a pattern with no '/' matches the file name in any folder (kiln's globs);
  // false gives node-glob's rule, where it matches top-level files only (workbox).
  explicit Glob(std::string_view pattern, bool match_base = true);
  bool matches(std::string_view path) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::vector<std::vector<std::string>> alternatives_;  // brace-expanded, split into segments
};

// Matches one segment (no '/') against a segment pattern with * ? and classes.
bool glob_match_segment(std::string_view pattern, std::string_view text);

class GlobSet {
 public:
  GlobSet() = default;
  explicit GlobSet(const std::vector<std::string>& patterns);
  bool empty() const { return globs_.empty(); }
  bool matches(std::string_view path) const;

 private:
  std::vector<Glob> globs_;
};

}  // namespace kiln
