// Golden files: expected outputs kept beside the fixtures and compared byte for byte.
// UPDATE_GOLDENS=1 rewrites them; the diff is then reviewed like any other change.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "test_util.h"

namespace kiln::test {

inline void check_golden(const std::string& path, const std::string& actual) {
  const char* update = std::getenv("UPDATE_GOLDENS");
  if (update && std::string(update) == "1") {
    write_file(path, actual);
    return;
  }
  INFO("golden " << path << " (regenerate with UPDATE_GOLDENS=1 and review the diff)");
  REQUIRE(exists(path));
  CHECK(read_file(path) == actual);
}

}  // namespace kiln::test
