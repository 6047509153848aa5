// What the libFuzzer targets in this folder share: the input as text, and the input cut into
// parts at a separator line, for targets that need more than one file (a map and its bundle;
// the pages, scripts and styles of a folder). Built only with -DKILN_FUZZ=ON (scripts/fuzz).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kiln::fuzz {

inline std::string_view text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// "a\n--\nb" -> {"a", "b"}; at most `max` parts, the last one keeps the rest.
inline std::vector<std::string_view> parts(std::string_view s, size_t max) {
  constexpr std::string_view kSeparator = "\n--\n";
  std::vector<std::string_view> out;
  while (out.size() + 1 < max) {
    size_t at = s.find(kSeparator);
    if (at == std::string_view::npos) break;
    out.push_back(s.substr(0, at));
    s.remove_prefix(at + kSeparator.size());
  }
  out.push_back(s);
  return out;
}

}  // namespace kiln::fuzz
