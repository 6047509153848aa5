// graph: the one candidate a browser fetches from each group of references the parse phase
// marked (Reference::group): an image's <picture> sources, srcset and src, or a @font-face's
// `src` list. The chosen one loads (an image as its element says, a font on use); the others
// are alternates: still references (hashed, rewritten, never "unreferenced"), not bytes of the
// page. What "a current browser" supports is Chromium's list, below.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "graph/asset_graph.h"
#include "graph/viewport.h"
#include "parse/reference.h"

namespace kiln::graph {

struct GroupChoice {
  uint32_t group = 0;
  bool font = false;              // a @font-face src list; otherwise an image
  std::optional<size_t> chosen;   // index into the file's refs; none when no candidate applies
  std::vector<size_t> others;     // the group's other refs, in order
  Load load = Load::initial;      // the chosen one's load
};

struct CandidateLoads {
  std::vector<Load> loads;  // per reference: load_of(ref), or the group's decision
  std::vector<GroupChoice> groups;  // by group number
};

// Decides every group of one file's references at viewport `v`.
CandidateLoads candidate_loads(const std::vector<parse::Reference>& refs, const Viewport& v);

// A <source type> a current browser decodes ("" too: no type given).
bool image_type_supported(std::string_view type);
// A `src` entry's hints ("format(woff2) tech(variations)") a current browser supports; an
// entry without format() is fetched and tried.
bool font_hints_supported(std::string_view hints);

}  // namespace kiln::graph
