// Small helpers for the budget readers: JSON paths in messages ("[0].resourceSizes[1]"),
// and "expected X, got Y" errors thrown as BadConfig.
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "budget/config.h"
#include "core/json_reader.h"

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

// Records the BadConfig that `read` (one entry of a config) throws and goes on, so every bad
// entry is reported; without a collector it propagates.
template <class Read>
void each_entry(const Source& src, Read&& read) {
  if (!src.errors) return read();
  try {
    read();
  } catch (const BadConfig& e) {
    src.errors->push_back(e.what());
  }
}

// Every key of the object `j` that is not in `keys`, recorded (or thrown without a collector)
// with the nearest known key as a suggestion: a typo (`max_size`) must not read as "no limit".
inline void check_keys(const nlohmann::json& j, const Source& src, const std::string& path,
                       std::initializer_list<const char*> keys, const std::string& noun = "key") {
  if (!j.is_object()) return;
  for (auto& item : j.items()) {
    const std::string& k = item.key();
    std::string best;
    size_t best_d = 1000;
    bool known = false;
    for (const char* key : keys) {
      if (k == key) known = true;
      if (size_t d = edit_distance(k, key); d < best_d) best_d = d, best = key;
    }
    if (known) continue;
    std::string message = "unknown " + noun;
    if (best_d <= std::max<size_t>(2, k.size() / 3)) message += " (did you mean \"" + best + "\"?)";
    else {
      message += " (allowed:";
      for (const char* key : keys) message += std::string(" ") + key;
      message += ")";
    }
    each_entry(src, [&] { bad_message(src, json_key(path, k), message); });
  }
}

}  // namespace kiln::budget
