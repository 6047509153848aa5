#include "graph/chunk_edges.h"

#include <optional>

namespace kiln::graph {

using parse::RefKind;

namespace {

// Chunk file names are relative to the bundler's output folder, which is the folder analysed:
// a root-absolute public path ("/static/") is taken as written (so a `base` applies); a computed
// one ("auto": the runtime script's folder, climbed back to the output root), an empty or
// relative one (relative to the page, at the root) and a CDN URL all leave the name at the root.
std::optional<FileId> chunk_target(const parse::ChunkRuntime& rt, const std::string& name,
                                   const resolve::UrlResolver& resolver, const FileLookup& lookup) {
  std::string url = name;
  if (rt.public_path && !rt.public_path->empty() && (*rt.public_path)[0] == '/' &&
      rt.public_path->compare(0, 2, "//") != 0)
    url = *rt.public_path + name;
  auto r = resolver.resolve("", url, false);
  if (r.cls != resolve::UrlClass::local) return std::nullopt;
  const FileId* id = lookup(r.path);
  return id ? std::optional<FileId>(*id) : std::nullopt;
}

std::string list(const std::vector<std::string>& items) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < 4; ++i) s += (i ? ", '" : "'") + items[i] + "'";
  if (items.size() > 4) s += ", … (" + std::to_string(items.size()) + " in all)";
  return s;
}

}  // namespace

void add_chunk_edges(const std::vector<scan::FileEntry>& files, const std::vector<parse::ParsedFile>& parsed,
                     const resolve::UrlResolver& resolver, const FileLookup& lookup, AssetGraph& g,
                     Diagnostics& diags) {
  std::vector<FileId> runtimes;
  for (FileId f = 0; f < parsed.size(); ++f) {
    const auto& rt = parsed[f].chunk_runtime;
    if (!rt) continue;
    if (rt->namers.empty()) {
      diags.add({Severity::warning, files[f].path, rt->line, rt->column,
                 "webpack's chunk runtime is not understood (" + rt->problem +
                     "): the chunks it loads by id are not counted"});
    } else {
      runtimes.push_back(f);
    }
  }
  for (FileId from = 0; from < parsed.size(); ++from) {
    const auto& refs = parsed[from].refs;
    const parse::Reference* first = nullptr;
    std::vector<FileId> candidates;
    std::vector<std::string> unnamed;
    for (size_t ri = 0; ri < refs.size(); ++ri) {
      const auto& ref = refs[ri];
      if (ref.kind != RefKind::js_chunk) continue;
      if (!first) {
        first = &ref;
        const auto& own = parsed[from].chunk_runtime;
        if (own && !own->namers.empty()) candidates.push_back(from);
        const std::string& global = parsed[from].chunk_global;
        for (FileId r : runtimes)
          if (r != from && (global.empty() || parsed[r].chunk_global.empty() || parsed[r].chunk_global == global))
            candidates.push_back(r);
      }
      bool found = false;
      for (FileId r : candidates) {
        const auto& rt = *parsed[r].chunk_runtime;
        for (const auto& namer : rt.namers) {
          if (namer.css) continue;
          auto name = parse::chunk_file_name(namer, ref.specifier);
          auto target = name ? chunk_target(rt, *name, resolver, lookup) : std::nullopt;
          if (!target) continue;
          g.edges.push_back({from, *target, RefKind::js_chunk, Load::lazy});
          g.ref_targets[from][ri] = *target;
          found = true;
          break;
        }
        if (!found) continue;
        for (const auto& namer : rt.namers) {
          if (!namer.css) continue;
          // Only chunks with a stylesheet are in the CSS runtime's maps: a miss is no stylesheet.
          auto name = parse::chunk_file_name(namer, ref.specifier);
          if (auto css = name ? chunk_target(rt, *name, resolver, lookup) : std::nullopt)
            g.edges.push_back({from, *css, RefKind::js_chunk, Load::lazy});
        }
        break;
      }
      if (!found && std::find(unnamed.begin(), unnamed.end(), ref.specifier) == unnamed.end())
        unnamed.push_back(ref.specifier);
    }
    if (!first || unnamed.empty()) continue;
    std::string what = std::to_string(unnamed.size()) + " chunk" + (unnamed.size() > 1 ? "s" : "") +
                       " loaded by id (" + list(unnamed) + ")";
    std::string why = candidates.empty()
                          ? ": no webpack runtime in the folder" +
                                (parsed[from].chunk_global.empty() ? std::string()
                                                                   : " uses '" + parsed[from].chunk_global + "'") +
                                " names their files"
                          : ": the webpack runtime (" + files[candidates.front()].path +
                                ") names no file in the folder for " + (unnamed.size() > 1 ? "them" : "it");
    diags.add({Severity::warning, files[from].path, first->line, first->column, what + why + "; not counted"});
  }
}

}  // namespace kiln::graph
