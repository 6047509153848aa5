#include "source/fix.h"

#include <algorithm>
#include <map>

namespace kiln::source {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// A path the scan produced, inside the root: no absolute path, no `..` segment.
bool inside_root(const std::string& path) {
  if (path.empty() || path[0] == '/') return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = std::min(path.find('/', start), path.size());
    if (path.compare(start, slash - start, "..") == 0 && slash - start == 2) return false;
    start = slash + 1;
  }
  return true;
}

struct Cut {
  size_t begin, end;
};

// The bytes to remove for dependency `name` whose key starts at `pos`: the entry, its comma,
// and its line when it had one of its own. Empty when the text there is not `"name": "…"`.
std::optional<Cut> dependency_cut(const std::string& t, size_t pos, const std::string& name) {
  std::string key = "\"" + name + "\"";
  if (t.compare(pos, key.size(), key) != 0) return std::nullopt;
  size_t colon = t.find_first_not_of(" \t", pos + key.size());
  if (colon == std::string::npos || t[colon] != ':') return std::nullopt;
  size_t value = t.find_first_not_of(" \t", colon + 1);
  if (value == std::string::npos || t[value] != '"') return std::nullopt;
  size_t close = value + 1;
  while (close < t.size() && t[close] != '"') close += t[close] == '\\' ? 2 : 1;
  if (close >= t.size()) return std::nullopt;
  size_t end = close + 1;
  size_t next = t.find_first_not_of(" \t", end);
  size_t line_start = t.rfind('\n', pos == 0 ? 0 : pos - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  bool own_line = t.find_first_not_of(" \t", line_start) == pos;
  if (next != std::string::npos && t[next] == ',') {  // `"a": "1",` and more follow
    end = next + 1;
    size_t after = t.find_first_not_of(" \t\r", end);
    if (own_line && after != std::string::npos && t[after] == '\n') return Cut{line_start, after + 1};
    return Cut{pos, t.find_first_not_of(" \t", end) == std::string::npos ? end : t.find_first_not_of(" \t", end)};
  }
  // The last entry: the comma before it goes, or the whole inside of `{ … }` when alone.
  size_t prev = pos;
  while (prev > 0 && blank(t[prev - 1])) --prev;
  if (prev == 0) return std::nullopt;
  if (t[prev - 1] == ',') return Cut{prev - 1, end};
  if (t[prev - 1] == '{') {
    size_t brace = t.find_first_not_of(" \t\r\n", end);
    if (brace == std::string::npos || t[brace] != '}') return std::nullopt;
    return Cut{prev, brace};
  }
  return std::nullopt;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = std::min(s.find('\n', start), s.size());
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace

std::vector<FileFix> plan_fixes(fs::Disk& disk, const SourceGraph& g, const Findings& f, Diagnostics& diags) {
  std::map<std::string, std::vector<Cut>> cuts;
  std::map<std::string, std::pair<size_t, size_t>> counts;  // exports, dependencies
  std::map<std::string, std::string> texts;
  auto text_of = [&](const std::string& path) -> const std::string* {
    if (auto it = texts.find(path); it != texts.end()) return &it->second;
    auto t = disk.read_file(fs::join_path(g.project.root, path));
    if (!t) {
      diags.error(path, t.error());
      return nullptr;
    }
    return &(texts[path] = std::move(*t));
  };
  for (const auto* list : {&f.unused_exports, &f.unused_types})
    for (auto& x : *list) {
      const auto& m = g.modules[x.file];
      for (auto& e : m.facts.exports) {
        if (e.name != x.name || e.line != x.line || e.column != x.column || e.keyword_end <= e.begin) continue;
        const auto* t = text_of(m.path);
        if (!t || t->compare(e.begin, 6, "export") != 0) break;
        size_t end = e.keyword_end;  // `export` and the blanks after it
        while (end < t->size() && ((*t)[end] == ' ' || (*t)[end] == '\t')) ++end;
        cuts[m.path].push_back(Cut{e.begin, end});
        ++counts[m.path].first;
        break;
      }
    }
  for (auto& d : f.unused_dependencies) {
    const auto* t = text_of(d.file);
    if (!t) continue;
    if (auto c = dependency_cut(*t, d.pos, d.name)) {
      cuts[d.file].push_back(*c);
      ++counts[d.file].second;
    } else {
      diags.warning(d.file, "'" + d.name + "' is not a plain \"name\": \"version\" entry; left for you to remove");
    }
  }
  std::vector<FileFix> out;
  for (auto& [path, list] : cuts) {
    if (!inside_root(path)) continue;
    const auto* t = text_of(path);
    if (!t) continue;
    // From the end, so earlier offsets stay valid; overlapping cuts are merged.
    std::sort(list.begin(), list.end(), [](const Cut& a, const Cut& b) { return a.begin > b.begin; });
    FileFix fix{path, *t, *t, counts[path].first, counts[path].second};
    size_t floor = fix.after.size();
    for (auto& c : list) {
      size_t end = std::min(c.end, floor);
      if (c.begin >= end || end > fix.after.size()) continue;
      fix.after.erase(c.begin, end - c.begin);
      floor = c.begin;
    }
    if (fix.after != fix.before) out.push_back(std::move(fix));
  }
  return out;
}

std::string fixes_diff(const std::vector<FileFix>& fixes) {
  std::string out;
  for (auto& fix : fixes) {
    auto a = lines_of(fix.before), b = lines_of(fix.after);
    out += "--- a/" + fix.path + "\n+++ b/" + fix.path + "\n";
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a[i] == b[j]) {
        ++i, ++j;
        continue;
      }
      // A run of changes: fixes only shorten or drop lines, never add them.
      size_t i0 = i, j0 = j;
      std::string minus, plus;
      while (i < a.size() && (j >= b.size() || a[i] != b[j])) {
        if (i + 1 < a.size() && j < b.size() && a[i + 1] == b[j]) {  // line i dropped
          minus += "-" + a[i++] + "\n";
          continue;
        }
        minus += "-" + a[i++] + "\n";
        if (j < b.size()) plus += "+" + b[j++] + "\n";
      }
      out += "@@ -" + std::to_string(i0 + 1) + "," + std::to_string(i - i0) + " +" + std::to_string(j0 + 1) + "," +
             std::to_string(j - j0) + " @@\n" + minus + plus;
    }
  }
  return out;
}

size_t apply_fixes(fs::Disk& disk, const std::string& root, const std::vector<FileFix>& fixes, Diagnostics& diags) {
  size_t written = 0;
  for (auto& fix : fixes) {
    if (!inside_root(fix.path)) continue;
    if (auto st = disk.write_file(fs::join_path(root, fix.path), fix.after); !st) diags.error(fix.path, st.error());
    else ++written;
  }
  return written;
}

}  // namespace kiln::source
