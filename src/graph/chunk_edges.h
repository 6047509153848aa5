// graph: the edges a bundler's chunk-loading runtime makes. A js_chunk reference
// (`__webpack_require__.e(543)`) names a chunk by id; the runtime that loads it (the file's own,
// else the one that shares its chunk-loading global, else the folder's only one) gives the file
// name and the public path. Each chunk becomes a lazy edge from the call site's file to the
// chunk's script, and to its stylesheet when mini-css-extract-plugin's runtime names one.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "graph/asset_graph.h"

namespace kiln::graph {

using FileLookup = std::function<const FileId*(const std::string&)>;

// Appends edges to `g.edges` and fills `g.ref_targets` for the js_chunk references; says once
// per file what it could not understand or name.
void add_chunk_edges(const std::vector<scan::FileEntry>& files, const std::vector<parse::ParsedFile>& parsed,
                     const resolve::UrlResolver& resolver, const FileLookup& lookup, AssetGraph& g,
                     Diagnostics& diags);

}  // namespace kiln::graph
