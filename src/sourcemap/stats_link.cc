#include "sourcemap/stats_link.h"

#include <algorithm>

namespace kiln::sourcemap {

namespace {

std::string_view base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::vector<std::string> stats_files_in(const std::vector<scan::FileEntry>& files) {
  std::vector<std::string> out;
  for (const auto& f : files)
    if (f.kind != scan::FileKind::sourcemap && is_stats_file_name(base_name(f.path))) out.push_back(f.path);
  std::sort(out.begin(), out.end());
  return out;
}

scan::FileId file_of_output(const std::vector<scan::FileEntry>& files, std::string_view output) {
  while (output.substr(0, 2) == "./") output.remove_prefix(2);
  // Scan ids follow sorted paths, so a binary search finds a path.
  auto find = [&](std::string_view p) {
    auto it = std::lower_bound(files.begin(), files.end(), p,
                               [](const scan::FileEntry& f, std::string_view x) { return f.path < x; });
    return it != files.end() && it->path == p ? it->id : kNoFile;
  };
  for (;;) {
    if (auto id = find(output); id != kNoFile) return id;
    size_t slash = output.find('/');
    if (slash == std::string_view::npos) return kNoFile;
    output.remove_prefix(slash + 1);
  }
}

std::vector<LinkedStats> link_stats(const std::vector<std::string>& paths, const std::vector<std::string>& shown,
                                    const std::vector<scan::FileEntry>& files, Diagnostics& diags) {
  std::vector<LinkedStats> out;
  for (size_t i = 0; i < paths.size(); ++i) {
    auto read = read_stats_file(paths[i]);
    if (!read) {
      diags.error(shown[i], "cannot read bundler stats: " + read.error());
      continue;
    }
    LinkedStats l;
    l.stats = std::move(*read);
    l.stats.path = shown[i];
    for (uint32_t o = 0; o < l.stats.outputs.size(); ++o) {
      const auto& name = l.stats.outputs[o].file;
      if (name.size() >= 4 && name.compare(name.size() - 4, 4, ".map") == 0) continue;
      auto id = file_of_output(files, name);
      if (id == kNoFile) l.unmatched.push_back(name);
      else l.files.emplace_back(id, o);
    }
    std::sort(l.files.begin(), l.files.end());
    // Two outputs naming one file (same name in two child compilations): the first counts.
    l.files.erase(std::unique(l.files.begin(), l.files.end(),
                              [](const auto& x, const auto& y) { return x.first == y.first; }),
                  l.files.end());
    std::sort(l.unmatched.begin(), l.unmatched.end());
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace kiln::sourcemap
