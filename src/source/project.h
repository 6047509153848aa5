// What source mode knows about an app besides its files: every package.json (the root, and
// workspaces from npm/yarn `workspaces` or pnpm-workspace.yaml), every tsconfig.json and
// jsconfig.json with its `extends` chain flattened, and the "graph" section of kiln.json.
// Loaded once, before resolution; read-only afterwards.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "fs/disk.h"

namespace kiln::source {

struct DependencyEntry {
  std::string name;
  std::string section;  // dependencies, devDependencies, peerDependencies, optionalDependencies
  uint32_t line = 0, column = 0, pos = 0;  // of the key in package.json
};

struct PackageInfo {
  std::string dir;   // relative to the root, "" for the root itself
  std::string file;  // dir + "package.json"
  std::string name;
  bool is_module = false;  // "type": "module"
  std::string main, module, browser, types;
  // Ordered as written: `exports` and `imports` conditions are matched in key order.
  std::shared_ptr<const nlohmann::ordered_json> exports, imports;
  std::vector<std::string> bins;  // bin file paths
  std::vector<DependencyEntry> deps;
  std::vector<std::pair<std::string, std::string>> scripts;  // also husky 4 hooks
  std::vector<std::string> keys;        // top-level keys ("eslintConfig" read as "eslint")
  std::vector<std::string> workspaces;  // patterns, from the root only
};

struct TsPaths {
  std::string pattern;               // "@/*"
  std::vector<std::string> targets;  // relative to the root, "src/*"
};

struct TsConfig {
  std::string dir;       // the folder it governs, relative to the root ("" = root)
  std::string file;
  bool has_base_url = false;
  std::string base_url;  // relative to the root
  std::vector<TsPaths> paths;
  std::vector<std::string> types;  // compilerOptions.types: packages used by configuration
  // Other packages the config names (knip's typescript plugin): `extends` from a package,
  // compilerOptions.plugins[].name, jsxImportSource, importHelpers (tslib).
  std::vector<std::string> packages;
};

struct Conventions {
  bool vite = true, next = true, tests = true, configs = true, index = true, storybook = true;
};

struct GraphConfig {
  std::vector<std::string> entries;  // globs, relative to the root
  std::vector<std::pair<std::string, std::string>> alias;  // prefix -> path relative to root
  std::vector<std::string> ignore;   // globs: files never reported
  std::vector<std::string> ignore_dependencies;
  Conventions conventions;
};

struct Project {
  std::string root;
  std::vector<PackageInfo> packages;  // sorted by dir; packages[0] is the root's when it has one
  std::vector<TsConfig> tsconfigs;    // sorted by dir
  GraphConfig config;
  std::vector<std::string> gitignore;  // globs from the root .gitignore (scan excludes)

  // The package.json / tsconfig governing a file: the nearest one in its folder or above.
  const PackageInfo* package_of(const std::string& file) const;
  const TsConfig* tsconfig_of(const std::string& file) const;
  const PackageInfo* package_named(const std::string& name) const;
};

// Reads kiln.json's "graph" section and the root .gitignore (before the scan).
void load_graph_config(fs::Disk& disk, const std::string& root, Project& project, Diagnostics& diags);
// Reads the package.json and tsconfig files among `files` (scanned, sorted, relative).
void load_project_files(fs::Disk& disk, const std::vector<std::string>& files, Project& project, Diagnostics& diags);

// Parses JSON keeping key order (package.json `exports` conditions are ordered), with
// comments and trailing commas allowed when `lenient` (tsconfig). Errors name FILE:LINE:COL.
std::optional<nlohmann::ordered_json> parse_ordered_json(std::string_view text, const std::string& name,
                                                        bool lenient, std::string& error);

}  // namespace kiln::source
