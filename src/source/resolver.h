// Source-mode resolution, the way Node, TypeScript and the bundlers do it: relative and
// absolute paths with extension and index probing (a `.js` specifier also finds `.ts`, as
// TypeScript's NodeNext does), kiln.json `graph.alias`, package.json `imports` (#x),
// tsconfig `paths` (before node_modules) and `baseUrl`, Node built-ins, workspace packages
// and the app's own package by name (to their files, through `exports` conditions), and
// everything else as an npm package by name. Files are looked up in the scanned list, never
// on disk: resolution does no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source/facts.h"
#include "source/project.h"

namespace kiln::source {

enum class Target : uint8_t { file, package, builtin, unresolved, skipped };

struct Resolution {
  Target target = Target::unresolved;
  uint32_t file = 0;          // Target::file: index into the file list
  std::string package;        // Target::package, or a workspace package resolved to its file

  std::vector<std::string> tried;  // Target::unresolved: what was looked for
};

class Resolver {
 public:
  // `files`: every scanned file, relative to the root, sorted.
  Resolver(const Project& project, const std::vector<std::string>& files);

  Resolution resolve(const std::string& from, const std::string& specifier, ImportKind kind) const;
  // A path relative to the root, probed with extensions and index files.
  std::optional<uint32_t> probe(const std::string& path, bool css = false) const;
  // The files an import.meta.glob pattern of `from` matches ("!" patterns are not handled).
  std::vector<uint32_t> glob(const std::string& from, const std::string& pattern) const;
  // The file a package's own entry fields point to ("." or "./sub", with conditions).
  std::optional<uint32_t> package_entry(const PackageInfo& pkg, const std::string& subpath, bool require,
                                        std::vector<std::string>* tried = nullptr) const;
  // The sources of a build output a checkout lacks: dist/a.js -> src/a.ts (also lib/, build/).
  std::optional<uint32_t> from_dist(const std::string& path) const;

 private:
  std::optional<uint32_t> find(const std::string& path) const;
  std::optional<uint32_t> probe_into(const std::string& path, bool css, std::vector<std::string>* tried) const;

  const Project& project_;
  const std::vector<std::string>& files_;
};

std::string normalize_path(const std::string& path);

}  // namespace kiln::source
