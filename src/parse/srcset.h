// The HTML spec's "parse a srcset attribute" algorithm, keeping where each URL is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kiln::parse {

struct SrcsetCandidate {
  size_t begin = 0, end = 0;  // the URL, as offsets into the attribute value
  uint32_t w = 0;             // the `Nw` descriptor, 0 when absent
  float x = 0;                // the `Nx` descriptor, 0 when absent
  bool valid = true;          // descriptors parsed per spec (invalid ones are still kept: a
                              // rewriter must still rewrite the URL)
};

std::vector<SrcsetCandidate> parse_srcset(std::string_view value);

}  // namespace kiln::parse
