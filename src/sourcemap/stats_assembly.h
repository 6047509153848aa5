// Builds a BundlerStats from what a stats reader found, whatever the format: module names
// as the bundler wrote them are normalised (source_name.h) and numbered in path order, so
// the result does not depend on the order of the file.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "sourcemap/bundler_stats.h"
#include "sourcemap/source_name.h"

namespace kiln::sourcemap {

class StatsBuilder {
 public:
  explicit StatsBuilder(StatsKind kind) : kind_(kind) {}
  void add_module(std::string_view name);
  void add_import(std::string_view importer, std::string_view imported);
  // A module's bytes in an output file (given twice, the last one counts).
  void add_bytes(std::string_view file, std::string_view module, uint64_t bytes);
  BundlerStats finish();

 private:
  std::string key(std::string_view name);
  StatsKind kind_;
  std::map<std::string, std::string> raw_to_key_;
  std::map<std::string, SourceName> names_;  // key -> package, version, runtime
  std::set<std::string> keys_;
  std::set<std::pair<std::string, std::string>> imports_;  // (importer, imported) keys
  std::map<std::string, std::map<std::string, uint64_t>> bytes_;  // file -> key -> bytes
};

}  // namespace kiln::sourcemap
