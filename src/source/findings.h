// What `kiln graph` reports about a SourceGraph, as plain data: entries (and why each is
// one), unused files, unused exports and exported types, `export *` conflicts, unused,
// unlisted and duplicated dependencies, unresolved imports, and import cycles (runtime and
// type-only apart), each with file:line:column.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "source/module_graph.h"

namespace kiln::source {

struct Entry {
  uint32_t file = 0;
  std::string reason;  // "package.json main", "convention: tests", "kiln.json graph.entries", …
};

struct UnusedExport {
  uint32_t file = 0;
  std::string name;
  ExportKind kind = ExportKind::value;
  uint32_t line = 0, column = 0, pos = 0;
};

struct StarConflict {
  uint32_t file = 0;  // the module with the conflicting `export *`s
  std::string name;
  std::vector<uint32_t> providers;
  uint32_t line = 0, column = 0;
};

struct DependencyFinding {
  std::string file;  // the package.json, or the importing file for unlisted
  std::string name;
  std::string section;  // dependencies / devDependencies (unused, duplicate); empty for unlisted
  uint32_t line = 0, column = 0, pos = 0;
};

struct Cycle {
  std::vector<uint32_t> files;  // the strongly connected component, sorted
  std::vector<Edge> chain;      // one import chain through it that closes on itself
  bool type_only = false;       // closed only through type imports (vanishes at build)
};

struct FindingOptions {
  // Unused dependencies: packages whose binaries package.json scripts run are looked up in
  // node_modules (their package.json "bin"). Off in tests that have no node_modules.
  bool read_node_modules = true;
};

struct Findings {
  std::vector<Entry> entries;
  std::vector<uint8_t> reachable;  // per file
  std::vector<uint32_t> unused_files;
  std::vector<UnusedExport> unused_exports, unused_types;
  std::vector<StarConflict> star_conflicts;
  std::vector<DependencyFinding> unused_dependencies, unlisted, duplicates;
  std::vector<Cycle> cycles;
  std::vector<std::string> implicit_dependencies;  // "typescript (tsconfig.json)", kept as used, listed
  size_t count() const {
    return unused_files.size() + unused_exports.size() + unused_types.size() + star_conflicts.size() +
           unused_dependencies.size() + unlisted.size() + duplicates.size() + cycles.size();
  }
};

std::vector<Entry> find_entries(fs::Disk& disk, const SourceGraph& g);
// Tool configuration files (convention `configs`): vite.config.ts, .eslintrc.cjs, .storybook/main.ts, plopfile.js, ...
bool is_tool_config(const std::string& path);
// Quoted strings in a config file's text (JSON, YAML or JS alike).
std::vector<std::string> quoted_strings(const std::string& text);
void find_unused(const SourceGraph& g, Findings& f);  // reachable, unused files, exports, conflicts
void find_dependency_issues(fs::Disk& disk, const SourceGraph& g, const FindingOptions& options, Findings& f);
void find_cycles(const SourceGraph& g, Findings& f);

Findings analyze_graph(fs::Disk& disk, const SourceGraph& g, const FindingOptions& options);

}  // namespace kiln::source
