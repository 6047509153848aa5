#include "budget/hashed_names.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace kiln::budget {

namespace {

bool is_hex_hash(std::string_view s) {
  if (s.size() < 6 || s.size() > 64) return false;
  bool digit = false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (!(c >= 'a' && c <= 'f') && !(c >= 'A' && c <= 'F')) return false;
  }
  return s.size() >= 8 || digit;
}

bool is_base64_hash(std::string_view s) {
  if (s.size() != 8) return false;
  bool hashy = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!std::isalnum(c) && c != '_' && c != '-') return false;
    if (std::isdigit(c) || c == '_' || c == '-' || (i > 0 && std::isupper(c))) hashy = true;
  }
  return hashy;
}

// "index-BQ4x_1aZ" -> "index-[hash]"; "main" unchanged.
std::string normalize_stem(std::string_view stem) {
  // Vite/Rollup: "-" + the last 8 characters (which may contain '-').
  if (stem.size() > 9 && stem[stem.size() - 9] == '-' && is_base64_hash(stem.substr(stem.size() - 8)))
    return std::string(stem.substr(0, stem.size() - 8)) + "[hash]";
  size_t sep = stem.find_last_of("-_~");
  if (sep != std::string_view::npos && sep > 0 && is_hex_hash(stem.substr(sep + 1)))
    return std::string(stem.substr(0, sep + 1)) + "[hash]";
  if (is_hex_hash(stem) && stem.size() >= 16) return "[hash]";  // [contenthash].js
  return std::string(stem);
}

}  // namespace

std::string normalize_hashed_name(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string dir(slash == std::string_view::npos ? "" : path.substr(0, slash + 1));
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  // Split on '.', keep the extension(s) as they are: "a.js.map", "a.css.br".
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= name.size(); ++i)
    if (i == name.size() || name[i] == '.') parts.push_back(name.substr(start, i - start)), start = i + 1;
  // The extension parts: trailing parts that are short and alphabetic-ish (js, map, br, woff2).
  size_t ext_from = parts.size();
  while (ext_from > 1) {
    std::string_view p = parts[ext_from - 1];
    bool ext = !p.empty() && p.size() <= 6 && !is_hex_hash(p) &&
               std::all_of(p.begin(), p.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
    if (!ext) break;
    --ext_from;
  }
  std::string out = dir;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += '.';
    if (i >= ext_from) out += parts[i];
    else if (i > 0 && (is_hex_hash(parts[i]) || is_base64_hash(parts[i]))) out += "[hash]";
    else out += normalize_stem(parts[i]);
  }
  return out;
}

FileMatch match_files(const std::vector<NamedSize>& before, const std::vector<NamedSize>& after) {
  FileMatch m;
  std::vector<bool> used_before(before.size()), used_after(after.size());
  std::map<std::string, size_t> by_path;
  for (size_t i = 0; i < before.size(); ++i) by_path[before[i].path] = i;
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t j = 0; j < after.size(); ++j)
    if (auto it = by_path.find(after[j].path); it != by_path.end()) {
      pairs.push_back({it->second, j});
      used_before[it->second] = used_after[j] = true;
    }
  std::map<std::string, std::pair<std::vector<size_t>, std::vector<size_t>>> groups;
  for (size_t i = 0; i < before.size(); ++i)
    if (!used_before[i]) groups[normalize_hashed_name(before[i].path)].first.push_back(i);
  for (size_t j = 0; j < after.size(); ++j)
    if (!used_after[j]) groups[normalize_hashed_name(after[j].path)].second.push_back(j);
  for (auto& [name, g] : groups) {
    auto& [bs, as] = g;
    auto by_size = [](const std::vector<NamedSize>& v) {
      return [&v](size_t x, size_t y) { return v[x].size != v[y].size ? v[x].size < v[y].size : v[x].path < v[y].path; };
    };
    std::sort(bs.begin(), bs.end(), by_size(before));
    std::sort(as.begin(), as.end(), by_size(after));
    size_t n = std::min(bs.size(), as.size());
    for (size_t k = 0; k < n; ++k) {
      pairs.push_back({bs[k], as[k]});
      used_before[bs[k]] = used_after[as[k]] = true;
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](auto& x, auto& y) { return x.second < y.second; });
  m.pairs = std::move(pairs);
  for (size_t j = 0; j < after.size(); ++j)
    if (!used_after[j]) m.added.push_back(j);
  for (size_t i = 0; i < before.size(); ++i)
    if (!used_before[i]) m.removed.push_back(i);
  return m;
}

}  // namespace kiln::budget
