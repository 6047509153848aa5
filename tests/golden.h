// Golden files: expected outputs kept beside the fixtures and compared byte for byte.
// UPDATE_GOLDENS=1 rewrites them; the diff is then reviewed like any other change.
// A golden test ends with check_no_leftover_goldens on each folder it writes to, so an
// expected file that no output matches any more (a renamed case, a removed fixture) fails
// instead of lying there unchecked.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "test_util.h"

namespace kiln::test {

inline bool updating_goldens() {
  const char* update = std::getenv("UPDATE_GOLDENS");
  return update && std::string(update) == "1";
}

// Every golden compared (or written) by this process, as normal paths.
inline std::set<std::string>& checked_goldens() {
  static std::set<std::string> paths;
  return paths;
}

inline void check_golden(const std::string& path, const std::string& actual) {
  checked_goldens().insert(std::filesystem::path(path).lexically_normal().string());
  if (updating_goldens()) {
    write_file(path, actual);
    return;
  }
  INFO("golden " << path << " (regenerate with UPDATE_GOLDENS=1 and review the diff)");
  REQUIRE(exists(path));
  CHECK(read_file(path) == actual);
}

// Fails on each file directly in `dir` whose name contains `marker` ("" = every file) that
// no check_golden has compared, unless it is named in `elsewhere` (goldens another test
// case checks). UPDATE_GOLDENS=1 deletes such leftovers, so the review sees them go.
inline void check_no_leftover_goldens(const std::string& dir, const std::string& marker,
                                      const std::set<std::string>& elsewhere = {}) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.find(marker) == std::string::npos || elsewhere.count(name)) continue;
    std::string path = entry.path().lexically_normal().string();
    if (checked_goldens().count(path)) continue;
    if (updating_goldens()) {
      std::filesystem::remove(entry.path());
      continue;
    }
    FAIL_CHECK("leftover golden " << path << ": no output is compared with it (UPDATE_GOLDENS=1 deletes it)");
  }
}

}  // namespace kiln::test
