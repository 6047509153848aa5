// Small helpers for the budget readers: JSON paths in messages ("[0].resourceSizes[1]"),
// and "expected X, got Y" errors thrown as BadConfig.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "budget/config.h"

namespace kiln::budget {

inline std::string json_index(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }
inline std::string json_key(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// The value as the user wrote it, shortened for a one-line message.
inline std::string shown(const nlohmann::json& j) {
  std::string s = j.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// `path` inside the source's key when it has one (package.json's "size-limit"):
// "size-limit[0].limit", "bundlewatch.files[1]", "bundlesize".
inline std::string qualified(const Source& src, const std::string& path) {
  if (src.key.empty() || path.empty()) return src.key.empty() ? path : src.key;
  return path.front() == '[' ? src.key + path : src.key + "." + path;
}

[[noreturn]] inline void bad_message(const Source& src, const std::string& path, const std::string& message) {
  std::string where = qualified(src, path);
  throw BadConfig(src.display + ": " + (where.empty() ? "" : where + ": ") + message);
}

[[noreturn]] inline void bad(const Source& src, const std::string& path, const std::string& expected,
                             const nlohmann::json& got) {
  bad_message(src, path, "expected " + expected + ", got " + shown(got));
}

}  // namespace kiln::budget
