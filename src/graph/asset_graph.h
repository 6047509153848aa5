// graph: the asset graph of a built folder. Files (by FileId) are nodes; every resolved
// reference is an edge that says how the browser loads the target (before the page is usable,
// later, or never). Entries are the HTML pages plus any configured JS entries; each gets its
// initial set (static closure), its on-use set (fonts, fetched when text uses them) and lazy set
// (behind dynamic imports, workers, lazy images). Of an image's or a font's candidates only the
// one a browser fetches counts (graph/candidates.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "graph/viewport.h"
#include "parse/reference.h"
#include "resolve/url_resolver.h"
#include "scan/scanner.h"

namespace kiln::graph {

using scan::FileId;

enum class Load {
  initial,    // fetched before the page is usable: scripts, static imports, stylesheets, …
  on_use,     // fetched when the page uses it: the font a @font-face's src list gives
  lazy,       // fetched later: import(), workers, loading=lazy, prefetch, nomodule
  alternate,  // a candidate the browser does not pick (srcset, <picture>, @font-face src):
              // referenced, but not part of any load
  none,       // never fetched by a visitor: source maps, <base>
};
const char* load_name(Load load);

struct Edge {
  FileId from = 0, to = 0;
  parse::RefKind kind = parse::RefKind::js_import;
  Load load = Load::initial;
};

struct ExternalRef {
  FileId from = 0;
  std::string url;
  parse::RefKind kind = parse::RefKind::js_import;
  Load load = Load::initial;
};

// One image or font, and the candidates it has that a browser does not fetch.
struct Choice {
  FileId from = 0;
  bool font = false;
  FileId chosen = ~FileId{0};  // kNoTarget: no candidate applies, or it is not a file here
  Load load = Load::initial;   // the chosen one's
  std::vector<FileId> alternatives;  // sorted, without `chosen`
};

struct Entry {
  FileId file = 0;
  std::vector<FileId> initial;  // sorted; includes the entry itself
  std::vector<FileId> on_use;   // sorted; fonts the initial files' @font-face rules give, not preloaded
  std::vector<FileId> lazy;     // sorted; disjoint from initial and on_use
  std::vector<size_t> externals;  // indexes into AssetGraph::externals made by initial files
  std::vector<size_t> choices;    // indexes into AssetGraph::choices made by initial files
};

struct AssetGraph {
  std::vector<Edge> edges;  // sorted by (from, to, kind)
  std::vector<ExternalRef> externals;
  std::vector<Choice> choices;  // by file, then group; groups with no file among their candidates left out
  std::vector<Entry> entries;
  std::vector<std::vector<FileId>> cycles;  // static-import cycles, each rotated to start at its smallest id
  std::vector<FileId> unreferenced;         // reachable from no entry, not used by convention
  uint64_t unknown_specifiers = 0;          // non-literal import()/new Worker() arguments
  uint64_t missing = 0;                     // local references to files that do not exist
  // For every file, parallel to ParsedFile::refs: the FileId each reference resolved to, or
  // kNoTarget. `kiln hash` rewrites references by these.
  std::vector<std::vector<FileId>> ref_targets;
};

inline constexpr FileId kNoTarget = ~FileId{0};

struct GraphOptions {
  resolve::UrlResolver resolver;
  std::vector<std::string> entries;      // extra entry files (JS-only outputs), relative paths
  std::string entries_from = "--entry";  // where they were named, for the message of a missing one
  std::vector<std::string> assume_used;  // globs of files used by convention, beyond defaults
  Viewport viewport;                     // decides which image candidate counts
};

// How a reference loads its target.
Load load_of(const parse::Reference& ref);

// Files a server or tool fetches by convention (robots.txt, favicon.ico, _headers, …).
bool used_by_convention(const std::string& path);

// Builds the graph. Missing targets become warnings naming file:line:column.
AssetGraph build_graph(const std::vector<scan::FileEntry>& files,
                       const std::vector<parse::ParsedFile>& parsed, const GraphOptions& options,
                       Diagnostics& diags);

}  // namespace kiln::graph
