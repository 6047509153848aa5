#include "core/user_regex.h"

#include <re2/re2.h>

namespace kiln {

Result<UserRegex> UserRegex::compile(const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(pattern, options);
  if (!re->ok()) return Error{re->error()};
  UserRegex out;
  out.re_ = std::move(re);
  return out;
}

bool UserRegex::search(std::string_view text) const {
  return re_ && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

}  // namespace kiln
