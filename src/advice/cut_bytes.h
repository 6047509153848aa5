// The bytes of each node of a page's graph: built bytes (raw, gzip, brotli) of the dist page's
// initial load as its source maps attribute them, matched to the graph's modules by
// normalised path and to package nodes by package name; or, without a dist, each module's
// source bytes (code and stylesheets; packages then weigh nothing: node_modules is not read).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "advice/page_graph.h"
#include "analysis/analysis.h"
#include "sourcemap/bundle_sources.h"

namespace kiln::advice {

struct PageBytes {
  std::vector<sourcemap::Bytes> node;  // by node
  sourcemap::Bytes initial;            // the whole initial load (every file, maps or not)
  sourcemap::Bytes attributed;         // of which tied to a node
  std::string dist_page;
};

// The package node a source of the maps belongs to: its name, or for a copy installed inside
// another package (npm's nested node_modules: two versions of one package) the install path
// below the top node_modules, "@radix-ui/react-menu/node_modules/@radix-ui/react-slot". A
// pnpm store path (.pnpm/…) keeps the name: the code's imports name the package only.
std::string package_key(const sourcemap::SourceEntry& s);

// Package keys the dist's maps attribute bytes to, sorted, unique.
std::vector<std::string> dist_packages(const pipeline::Analysis& dist);

// The dist entry measured for the source page `page_path`: the same path, else the same file
// name, else the only page when both sides have one.
std::optional<size_t> match_dist_page(const pipeline::Analysis& dist, const std::string& page_path, size_t source_pages);

PageBytes built_bytes(const PageGraph& pg, const source::SourceGraph& g, const pipeline::Analysis& dist,
                      size_t dist_entry);
PageBytes source_bytes(const PageGraph& pg, const source::SourceGraph& g);

}  // namespace kiln::advice
