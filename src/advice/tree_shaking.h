// Tree-shaking misses in a page's initial load: packages the bundler had to ship whole, with
// the bytes the maps give them and the names the app actually takes. Reasons read from the
// package's node_modules/NAME/package.json and from the imports: CommonJS only (no `module`,
// no `exports` entry for `import`/`module`, not `"type": "module"`), a whole-package import of
// a package that ships per-function entry points (`import _ from 'lodash'`), a namespace
// import used whole (passed along, computed keys). And app modules in the initial load none
// of whose exports the app uses (the source graph's unused exports): the bundler kept them for
// their top-level code, reached through a barrel's `export *`, a side-effect import, or
// imported names nobody reads, in a package.json without `"sideEffects": false`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "advice/cut_bytes.h"
#include "advice/page_graph.h"
#include "advice/split_points.h"
#include "source/findings.h"

namespace kiln::advice {

using TextOf = std::function<const std::string&(const std::string& path)>;

// `in_static[node]`: the node is in the page's static closure.
std::vector<ShakeMiss> find_shake_misses(fs::Disk& disk, const source::SourceGraph& g, const PageGraph& pg,
                                         const std::vector<uint8_t>& in_static, const PageBytes& pb, double page_total,
                                         const SplitOptions& options, const TextOf& text_of);

// App modules of the page's static closure with value exports, none used (`unused_exports`
// of source::find_unused), that the maps give bytes above the threshold.
std::vector<ShakeMiss> find_unused_module_misses(fs::Disk& disk, const source::SourceGraph& g, const PageGraph& pg,
                                                 const std::vector<uint8_t>& in_static, const PageBytes& pb,
                                                 double page_total, const SplitOptions& options,
                                                 const std::vector<source::UnusedExport>& unused_exports);

}  // namespace kiln::advice
