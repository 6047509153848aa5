// The name source-map-explorer 2.5.3 shows for a source: source-map 0.7's
// computeSourceURL(sourceRoot, source) without a map URL, i.e. the WHATWG URL serialisation of
// the source (dot segments folded, spaces and quotes percent-encoded, a Rollup NUL as %00,
// `webpack://name/./x` -> `webpack://name/x`), relative sources kept relative ("../src/x.js").
// Only `--format source-map-explorer` uses it; kiln's own report uses source_name.h.
#pragma once

#include <string>
#include <string_view>

namespace kiln::sourcemap {

std::string sme_source_key(std::string_view source, std::string_view source_root);

}  // namespace kiln::sourcemap
