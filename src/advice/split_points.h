// Split points: for each page of an app, which static import, made lazy, takes the most bytes
// out of its initial load, what kind of cut it is and the form the change takes; and the
// dynamic imports that move nothing (their module is also imported statically). Reads the
// source graph (source/module_graph.h) and, with a built dist, the bytes its source maps
// attribute to each original source (sourcemap/bundle_sources.h, via pipeline::Analysis).
// Plain data in, plain data out; the report writers are in split_report.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "fs/disk.h"
#include "source/findings.h"
#include "source/module_graph.h"
#include "sourcemap/bundle_sources.h"

namespace kiln::advice {

using Bytes = sourcemap::Bytes;

struct SplitOptions {
  uint64_t min_bytes = 10000;  // brotli bytes with a dist, source bytes without
  double min_share = 0.05;     // of the page's initial load (either threshold is enough)
  size_t max_per_page = 10;
  std::vector<std::string> entries;  // source files to treat as pages besides the HTML pages
};

enum class CutKind : uint8_t {
  route,         // referenced in a router table (React Router, Vue Router, TanStack)
  conditional,   // a component rendered under a condition
  handler,       // used only inside an event handler
  in_functions,  // used only inside functions (not at module top level)
  rendered,      // a component rendered unconditionally
  reexport,      // re-exported through a barrel
  top_level,     // used at module top level: the code that uses it must move too
  side_effect,   // import 'x' with no names
};
const char* cut_kind_name(CutKind k);

struct Cut {
  uint32_t from = 0;             // importing module (FileId of the source graph)
  uint32_t import_index = 0;     // its first import of the target
  std::string target;            // module path, or package name
  bool to_package = false;
  uint32_t line = 0, column = 0;  // of the import statement
  std::string statement;         // "import Editor from './Editor'", one line, cut at 120 bytes
  Bytes bytes;                   // what leaves the initial load
  double share = 0;              // of the page's initial load (brotli with a dist, else raw)
  std::vector<std::string> packages;  // packages it brings in, largest first
  uint32_t modules = 0;          // app modules it brings in
  CutKind kind = CutKind::top_level;
  std::string why;               // what in the code made the kind ("element: <Editor /> at 14:20")
  std::string suggestion;        // the form the change takes
};

struct Ineffective {
  std::string target;     // module path or package name
  std::string specifier;  // as the import() call writes it
  bool to_package = false;
  uint32_t dynamic_from = 0, dynamic_line = 0, dynamic_column = 0;
  uint32_t static_from = 0, static_line = 0, static_column = 0;
  Bytes bytes;  // the target's own bytes, which stay in the initial load
};

// A package in the page's initial load that bundlers could not trim, or an app module that
// ships although the app uses none of its exports (with --dist only).
struct ShakeMiss {
  std::string package;               // empty for an app module
  std::string module;                // the app module's path; empty for a package
  Bytes bytes;                       // what it puts in the page's initial load
  std::vector<std::string> reasons;  // "CommonJS only …", "whole-package import …", …
  std::vector<std::string> used;     // the names the app takes from it ("*" when unknown)
  std::vector<std::string> unused;   // an app module's value exports, none of them used
  uint32_t file = 0, line = 0, column = 0;  // its first import
  bool imported = false;             // false: only a dependency of packages, file/line unset
};

struct PageSplit {
  uint32_t page = 0;             // the entry module (HTML page or script)
  std::string dist_page;         // the dist page whose initial load was measured; empty without
  Bytes initial;                 // the page's initial load (dist: every file; else source bytes)
  Bytes attributed;              // of which the maps tie to a module or package of the graph
  uint32_t static_modules = 0;   // modules and packages in the static closure
  uint32_t candidates = 0;       // cuts above the threshold before --max
  std::vector<Cut> cuts;         // largest first
  std::vector<Ineffective> ineffective;
  std::vector<ShakeMiss> shake_misses;  // largest first
};

struct SplitReport {
  bool built_bytes = false;      // bytes from the dist's maps; else source bytes
  std::string dist;
  std::vector<PageSplit> pages;
  std::vector<std::string> unmatched_pages;  // source pages with no dist page to measure
};

// `dist` may be null (source bytes). `disk` reads the importing files to tell the kind of cut.
SplitReport find_split_points(fs::Disk& disk, const source::SourceGraph& g, const std::vector<source::Entry>& entries,
                              const pipeline::Analysis* dist, const SplitOptions& options);

}  // namespace kiln::advice
