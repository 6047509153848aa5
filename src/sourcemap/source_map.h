// A decoded Source Map v3 (plain data): its sources, the ignore list and every mapping
// segment with absolute positions. Index maps (`sections`) are flattened into one list: each
// section's segments are shifted by its offset and end where the next section begins.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiln::sourcemap {

inline constexpr uint32_t kToLineEnd = 0xffffffffu;
inline constexpr int32_t kNoSource = -1;

struct Segment {
  uint32_t line = 0;    // generated line, 0-based
  uint32_t column = 0;  // generated column, 0-based, in UTF-16 code units (the spec's unit)
  // Where this segment's span ends on its line (exclusive), when a section boundary cuts it;
  // kToLineEnd otherwise (the next segment on the line, found after sorting, ends it).
  uint32_t end = kToLineEnd;
  int32_t source = kNoSource;  // index into SourceMap::sources; kNoSource for 1-field segments
  uint32_t original_line = 0, original_column = 0;
  int32_t name = -1;
};

struct SourceMap {
  std::vector<std::string> sources;  // as written, with sourceRoot kept apart (per section)
  std::vector<std::string> source_roots;  // parallel to sources: the sourceRoot that applies
  std::vector<std::string> names;
  std::vector<bool> ignored;         // parallel to sources: ignoreList / x_google_ignoreList
  std::vector<Segment> segments;     // sorted by generated position (see sort_segments)
  bool indexed = false;              // came from an index map (`sections`)
};

// Parses the JSON text of a map (an XSSI prefix `)]}'` line is skipped). Errors say which
// field is wrong and, for `mappings`, the offset of the first bad VLQ value.
Result<SourceMap> parse_source_map(std::string_view json_text);

// Decodes a `mappings` string into `out`, shifting by (line, column) offsets as an index
// map's section does (the column shift applies to the first line only). Source and name
// indexes are offset by `source_base` / `name_base`.
Status decode_mappings(std::string_view mappings, uint32_t line_offset, uint32_t column_offset,
                       int32_t source_base, int32_t name_base, std::vector<Segment>& out);

}  // namespace kiln::sourcemap
