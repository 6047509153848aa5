#include "sourcemap/bundler_stats.h"

#include <algorithm>
#include <fstream>

namespace kiln::sourcemap {

const char* stats_kind_name(StatsKind k) { return k == StatsKind::esbuild ? "esbuild-metafile" : "webpack-stats"; }

Result<BundlerStats> read_stats_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{"cannot open"};
  // The first key tells the format: esbuild writes {"inputs": …, "outputs": …}.
  char head[256] = {};
  in.read(head, sizeof head - 1);
  std::string_view h(head, static_cast<size_t>(in.gcount()));
  size_t quote = h.find('"');
  bool esbuild = quote != std::string_view::npos && h.substr(quote, 8) == "\"inputs\"";
  in.clear();
  in.seekg(0);
  Result<BundlerStats> r = Error{""};
  if (esbuild) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    r = read_esbuild_metafile(text);
  } else {
    std::vector<char> buffer(1 << 20);  // the default 8 KB buffer costs ~20% on big files
    in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    r = read_webpack_stats(in);
  }
  if (r) r->path = file;
  return r;
}

bool is_stats_file_name(std::string_view n) {
  auto ends = [&](std::string_view s) { return n.size() >= s.size() && n.substr(n.size() - s.size()) == s; };
  return n == "stats.json" || n == "meta.json" || n == "metafile.json" || ends("-stats.json") ||
         ends(".stats.json") || ends(".meta.json") || ends("-meta.json");
}

std::vector<std::string> import_chain(const BundlerStats& stats, std::string_view package,
                                      const std::vector<char>& prefer) {
  // Breadth-first from every module of the package back through their importers, one layer
  // (one import away) at a time; the first layer holding an app module ends the shortest
  // chain: its first preferred app module, else its first. Module numbers follow paths, so
  // ties go to the first path.
  const auto& ms = stats.modules;
  std::vector<int64_t> next(ms.size(), -2);  // -2 unseen, -1 a start, else the module it imports
  std::vector<uint32_t> layer;
  for (uint32_t i = 0; i < ms.size(); ++i)
    if (ms[i].package == package) next[i] = -1, layer.push_back(i);
  auto is_app = [&](uint32_t m) { return ms[m].package.empty() && !ms[m].runtime; };
  while (!layer.empty()) {
    int64_t best = -1;
    for (uint32_t m : layer) {
      if (!is_app(m)) continue;
      if (best < 0) best = m;
      if (m < prefer.size() && prefer[m]) {
        best = m;
        break;
      }
    }
    if (best >= 0) {
      std::vector<std::string> chain;
      for (int64_t at = best; at >= 0; at = next[static_cast<size_t>(at)]) chain.push_back(ms[static_cast<size_t>(at)].path);
      return chain;
    }
    std::vector<uint32_t> following;
    for (uint32_t m : layer)
      for (uint32_t imp : ms[m].importers)
        if (next[imp] == -2) next[imp] = m, following.push_back(imp);
    layer = std::move(following);
  }
  return {};
}

}  // namespace kiln::sourcemap
