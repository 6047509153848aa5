// A regular expression from the user (--hashed-pattern, hash.hashedPattern,
// precache.dontCacheBustURLsMatching), matched by RE2: time linear in the input whatever the
// pattern. std::regex backtracks, and `^(a+)+$` against a long name of a's ran for minutes.
// RE2 takes the JavaScript syntax people write there (classes, \d \w \b, anchors, groups,
// alternation, counted repeats, (?i)); it refuses backreferences and lookaround with a
// message instead of matching slowly.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace re2 {
class RE2;
}

namespace kiln {

class UserRegex {
 public:
  // Error: "missing ): ^(a" (RE2's reason).
  static Result<UserRegex> compile(const std::string& pattern);
  // True when the pattern matches anywhere in `text` (JavaScript's RegExp.test).
  bool search(std::string_view text) const;

 private:
  std::shared_ptr<const re2::RE2> re_;
};

}  // namespace kiln
