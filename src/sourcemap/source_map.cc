#include "sourcemap/source_map.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "sourcemap/vlq.h"

namespace kiln::sourcemap {

using nlohmann::json;

Status decode_mappings(std::string_view m, uint32_t line_offset, uint32_t column_offset, int32_t source_base,
                       int32_t name_base, std::vector<Segment>& out) {
  uint32_t line = 0;
  int64_t column = 0, source = 0, original_line = 0, original_column = 0, name = 0;
  size_t pos = 0;
  int32_t fields[5];
  while (pos < m.size()) {
    char c = m[pos];
    if (c == ';') {
      ++line, column = 0, ++pos;
      continue;
    }
    if (c == ',') {
      ++pos;
      continue;
    }
    int n = 0;
    while (pos < m.size() && m[pos] != ',' && m[pos] != ';') {
      if (n == 5) return Error{"mappings: segment at offset " + std::to_string(pos) + " has more than 5 fields"};
      auto v = decode_vlq(m, pos);
      if (!v) return Error{"mappings: " + v.error()};
      fields[n++] = *v;
    }
    if (n != 1 && n != 4 && n != 5)
      return Error{"mappings: segment ending at offset " + std::to_string(pos) + " has " + std::to_string(n) +
                   " fields (1, 4 or 5 expected)"};
    column += fields[0];
    if (column < 0 || column > 0x7fffffff)
      return Error{"mappings: negative generated column on line " + std::to_string(line + 1)};
    Segment s;
    s.line = line + line_offset;
    s.column = static_cast<uint32_t>(column) + (line == 0 ? column_offset : 0);
    if (n >= 4) {
      source += fields[1], original_line += fields[2], original_column += fields[3];
      if (source < 0 || original_line < 0 || original_column < 0)
        return Error{"mappings: negative source index or original position on line " + std::to_string(line + 1)};
      s.source = static_cast<int32_t>(source) + source_base;
      s.original_line = static_cast<uint32_t>(original_line);
      s.original_column = static_cast<uint32_t>(original_column);
      if (n == 5) {
        name += fields[4];
        if (name < 0) return Error{"mappings: negative name index on line " + std::to_string(line + 1)};
        s.name = static_cast<int32_t>(name) + name_base;
      }
    }
    out.push_back(s);
  }
  return Status::success();
}

namespace {

std::string string_or_empty(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One regular map (or one section's map) appended to `out`.
Status add_regular(const json& j, uint32_t line_offset, uint32_t column_offset, SourceMap& out,
                   const std::string& where) {
  if (!j.is_object()) return Error{where + "is not a JSON object"};
  if (auto v = j.find("version"); v == j.end() || !v->is_number_integer() || *v != 3)
    return Error{where + "\"version\" must be 3"};
  auto src = j.find("sources");
  if (src == j.end() || !src->is_array()) return Error{where + "\"sources\" must be an array"};
  auto base = static_cast<int32_t>(out.sources.size());
  auto name_base = static_cast<int32_t>(out.names.size());
  std::string root = string_or_empty(j, "sourceRoot");
  for (const auto& s : *src) {
    out.sources.push_back(s.is_string() ? s.get<std::string>() : std::string());
    out.source_roots.push_back(root);
    out.ignored.push_back(false);
  }
  if (auto nm = j.find("names"); nm != j.end() && nm->is_array())
    for (const auto& s : *nm) out.names.push_back(s.is_string() ? s.get<std::string>() : std::string());
  for (const char* key : {"ignoreList", "x_google_ignoreList"}) {
    auto il = j.find(key);
    if (il == j.end() || !il->is_array()) continue;
    for (const auto& i : *il)
      if (i.is_number_unsigned() && i.get<uint64_t>() < src->size()) out.ignored[base + i.get<size_t>()] = true;
  }
  auto mappings = j.find("mappings");
  if (mappings == j.end() || !mappings->is_string()) return Error{where + "\"mappings\" must be a string"};
  size_t first = out.segments.size();
  auto st = decode_mappings(mappings->get_ref<const std::string&>(), line_offset, column_offset, base, name_base,
                            out.segments);
  if (!st) return Error{where + st.error()};
  for (size_t i = first; i < out.segments.size(); ++i)
    if (out.segments[i].source >= static_cast<int32_t>(out.sources.size()))
      return Error{where + "mappings: source index " + std::to_string(out.segments[i].source - base) +
                   " is past the end of \"sources\""};
  return Status::success();
}

uint32_t offset_field(const json& off, const char* key) {
  auto it = off.find(key);
  return it != off.end() && it->is_number_unsigned() ? it->get<uint32_t>() : 0;
}

}  // namespace

Result<SourceMap> parse_source_map(std::string_view text) {
  if (text.substr(0, 4) == ")]}'") {
    size_t nl = text.find('\n');
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return Error{"invalid JSON"};
  SourceMap map;
  auto sections = j.is_object() ? j.find("sections") : j.end();
  if (sections == j.end()) {
    auto st = add_regular(j, 0, 0, map, "");
    if (!st) return Error{st.error()};
  } else {
    if (!sections->is_array()) return Error{"\"sections\" must be an array"};
    map.indexed = true;
    // Each section's segments end where the next section starts (spec: sections are sorted
    // and do not overlap).
    for (size_t i = 0; i < sections->size(); ++i) {
      const auto& s = (*sections)[i];
      std::string where = "sections[" + std::to_string(i) + "]: ";
      auto off = s.is_object() ? s.find("offset") : s.end();
      if (off == s.end() || !off->is_object()) return Error{where + "\"offset\" must be an object"};
      if (s.contains("url")) return Error{where + "\"url\" sections are not supported (the map must be inline)"};
      auto sub = s.find("map");
      if (sub == s.end()) return Error{where + "\"map\" is missing"};
      size_t first = map.segments.size();
      auto st = add_regular(*sub, offset_field(*off, "line"), offset_field(*off, "column"), map, where + "map: ");
      if (!st) return Error{st.error()};
      if (i + 1 < sections->size()) {
        const auto& next = (*sections)[i + 1];
        auto noff = next.is_object() ? next.find("offset") : next.end();
        if (noff != next.end() && noff->is_object()) {
          uint32_t nl = offset_field(*noff, "line"), nc = offset_field(*noff, "column");
          for (size_t k = first; k < map.segments.size(); ++k)
            if (map.segments[k].line == nl) map.segments[k].end = nc;
        }
      }
    }
  }
  return map;
}

}  // namespace kiln::sourcemap
