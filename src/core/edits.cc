#include "core/edits.h"

#include <algorithm>

namespace kiln {

Result<std::string> apply_edits(std::string_view content, std::vector<Edit> edits) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(content.size() + 64 * edits.size());
  size_t at = 0;
  for (const auto& e : edits) {
    if (e.begin < at || e.end < e.begin || e.end > content.size())
      return Error{"overlapping or out-of-range edit at byte " + std::to_string(e.begin)};
    out.append(content.substr(at, e.begin - at));
    out += e.text;
    at = e.end;
  }
  out.append(content.substr(at));
  return out;
}

}  // namespace kiln
