#include "graph/asset_graph.h"

#include <algorithm>
#include <deque>
#include <map>
#include <tuple>
#include <unordered_map>

#include "core/glob.h"
#include "core/scc.h"
#include "graph/candidates.h"
#include "graph/chunk_edges.h"

namespace kiln::graph {

using parse::RefKind;

const char* load_name(Load load) {
  switch (load) {
    case Load::initial: return "initial";
    case Load::on_use: return "on-use";
    case Load::lazy: return "lazy";
    case Load::alternate: return "alternate";
    case Load::none: return "none";
  }
  return "?";
}

Load load_of(const parse::Reference& ref) {
  switch (ref.kind) {
    case RefKind::js_import:
    case RefKind::js_export_from:
    case RefKind::js_require:
    case RefKind::js_import_scripts:
    case RefKind::css_import:
    case RefKind::css_url:
      return ref.type_only ? Load::none : Load::initial;
    // The browser fetches one image-set() candidate; kiln does not pick among them yet, so
    // they count as lazy, as before candidates were picked for <img> and @font-face.
    case RefKind::css_image_set: return Load::lazy;
    case RefKind::js_dynamic_import:
    case RefKind::js_url:  // fetched when the code runs, typically on demand
    case RefKind::js_worker:
    case RefKind::js_service_worker:
    case RefKind::manifest_icon:
    case RefKind::js_chunk:  // loaded by the bundler's runtime when the code asks for it
    case RefKind::js_preload_dep:  // fetched with the lazy chunk it is listed for
    case RefKind::asset_name:      // maybe fetched when the code runs
      return Load::lazy;
    case RefKind::source_map: return Load::none;
    case RefKind::html_script: return ref.nomodule ? Load::lazy : Load::initial;
    case RefKind::html_link:
      if (ref.rel.find("stylesheet") != std::string::npos)
        return ref.rel.find("alternate") != std::string::npos ? Load::lazy : Load::initial;
      if (ref.rel == "modulepreload" || ref.rel == "preload" || ref.rel.find("icon") != std::string::npos ||
          ref.rel == "manifest")
        return Load::initial;
      if (ref.rel == "prefetch" || ref.rel == "prerender" || ref.rel == "next") return Load::lazy;
      return Load::none;  // canonical, alternate, dns-prefetch, …
    case RefKind::html_img:
    case RefKind::html_poster: return ref.lazy ? Load::lazy : Load::initial;
    case RefKind::html_srcset: return Load::alternate;
    case RefKind::html_source: return Load::lazy;
    // <base href> only changes how URLs resolve; an import map's URLs load only when imported.
    case RefKind::html_other: return ref.tag == "base" || ref.attr == "importmap" ? Load::none : Load::lazy;
  }
  return Load::lazy;
}

bool used_by_convention(const std::string& path) {
  static const GlobSet conventions(std::vector<std::string>{
      "/robots.txt", "/favicon.ico", "/sitemap*.xml", "/sitemap*.xml.gz", "/_headers", "/_redirects",
      "/_routes.json", "/.well-known/**", "/humans.txt", "/ads.txt", "/app-ads.txt", "/security.txt",
      "/browserconfig.xml", "/crossdomain.xml", "/CNAME", "/.nojekyll", "/apple-touch-icon*.png",
      "**/*.map", "**/*.br", "**/*.gz", "**/*.zst", "/manifest.json", "/*.webmanifest", "/asset-manifest.json", "/chunk-manifest.json", "**/LICENSE*",
      "**/*.LICENSE.txt", "**/README*", "**/package.json", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts"});
  return conventions.matches(path);
}

namespace {

bool is_module_specifier(RefKind kind) {
  return kind == RefKind::js_import || kind == RefKind::js_export_from ||
         kind == RefKind::js_dynamic_import || kind == RefKind::js_require;
}

bool is_static_import(RefKind kind) {
  return kind == RefKind::js_import || kind == RefKind::js_export_from || kind == RefKind::js_require ||
         kind == RefKind::css_import;
}

std::vector<std::vector<FileId>> find_cycles(const std::vector<std::vector<FileId>>& adj) {
  std::vector<std::vector<FileId>> cycles;
  for (auto& scc : strongly_connected_components(adj)) {
    FileId v = scc.front();
    bool self_loop = std::find(adj[v].begin(), adj[v].end(), v) != adj[v].end();
    if (scc.size() > 1 || self_loop) cycles.push_back(std::move(scc));
  }
  std::sort(cycles.begin(), cycles.end());
  return cycles;
}

// Files by base name ("marker-shadow.png" -> images/marker-shadow.png), for the strings
// that name an asset (RefKind::asset_name): a token with folders ("images/x.png") prefers
// the file whose path ends with them; otherwise the first in path order.
class NameIndex {
 public:
  explicit NameIndex(const std::vector<scan::FileEntry>& files) : files_(files) {
    for (const auto& f : files) {
      size_t slash = f.path.rfind('/');
      by_base_[slash == std::string::npos ? f.path : f.path.substr(slash + 1)].push_back(f.id);
    }
  }

  FileId find(std::string_view token) const {
    while (token.rfind("./", 0) == 0 || token.rfind("../", 0) == 0 || token.rfind("/", 0) == 0)
      token.remove_prefix(token.find('/') + 1);
    size_t slash = token.rfind('/');
    auto it = by_base_.find(std::string(slash == std::string_view::npos ? token : token.substr(slash + 1)));
    if (it == by_base_.end()) return kNoTarget;
    for (FileId id : it->second) {
      const std::string& p = files_[id].path;
      if (p == token || (p.size() > token.size() && p.compare(p.size() - token.size(), token.size(), token) == 0 &&
                         p[p.size() - token.size() - 1] == '/'))
        return id;
    }
    return it->second.front();
  }

 private:
  const std::vector<scan::FileEntry>& files_;
  std::unordered_map<std::string, std::vector<FileId>> by_base_;
};

}  // namespace

AssetGraph build_graph(const std::vector<scan::FileEntry>& files,
                       const std::vector<parse::ParsedFile>& parsed, const GraphOptions& options,
                       Diagnostics& diags) {
  AssetGraph g;
  std::unordered_map<std::string, FileId> by_path;
  for (const auto& f : files) by_path.emplace(f.path, f.id);
  auto lookup = [&](const std::string& path) -> const FileId* {
    auto it = by_path.find(path);
    return it == by_path.end() ? nullptr : &it->second;
  };

  g.ref_targets.resize(files.size());
  NameIndex by_name(files);
  // The first string naming each file, for one message per file.
  std::map<FileId, std::pair<FileId, const parse::Reference*>> named_by_string;
  for (FileId from = 0; from < parsed.size(); ++from) {
    const std::string& from_path = files[from].path;
    std::vector<const parse::Reference*> bare;
    g.ref_targets[from].assign(parsed[from].refs.size(), kNoTarget);
    auto decided = candidate_loads(parsed[from].refs, options.viewport);
    for (size_t ri = 0; ri < parsed[from].refs.size(); ++ri) {
      const auto& ref = parsed[from].refs[ri];
      if (!ref.known) {
        ++g.unknown_specifiers;
        continue;
      }
      Load load = decided.loads[ri];
      if (ref.kind == RefKind::html_other && ref.tag == "base") continue;
      if (ref.kind == RefKind::js_chunk) continue;  // a chunk id: add_chunk_edges
      if (ref.kind == RefKind::asset_name) {
        FileId target = by_name.find(ref.specifier);
        if (target == kNoTarget || target == from) continue;
        g.edges.push_back({from, target, ref.kind, load});
        g.ref_targets[from][ri] = target;
        named_by_string.emplace(target, std::make_pair(from, &ref));
        continue;
      }
      // Vite's preload lists name files from the site root ("assets/a.css").
      bool from_root = ref.kind == RefKind::js_preload_dep && ref.specifier.rfind("./", 0) != 0 &&
                       ref.specifier.rfind("../", 0) != 0;
      auto r = options.resolver.resolve(from_root ? std::string_view() : std::string_view(from_path), ref.specifier,
                                        is_module_specifier(ref.kind));
      const FileId* target = nullptr;
      if (r.cls == resolve::UrlClass::local) {
        target = lookup(r.path);
        // Service workers and classic workers resolve against the page, not the script.
        if (!target && (ref.kind == RefKind::js_service_worker || ref.kind == RefKind::js_worker ||
                        ref.kind == RefKind::js_import_scripts)) {
          auto at_root = options.resolver.resolve("", ref.specifier, false);
          if (at_root.cls == resolve::UrlClass::local) target = lookup(at_root.path);
        }
      }
      switch (r.cls) {
        case resolve::UrlClass::local:
          if (target) {
            g.edges.push_back({from, *target, ref.kind, load});
            g.ref_targets[from][ri] = *target;
          } else {
            ++g.missing;
            std::string hint;
            // Bundler-style specifiers without an extension work in a bundler, not in a browser.
            for (const char* ext : {".js", ".mjs", "/index.js"})
              if (lookup(r.path + ext)) {
                hint = "; " + r.path + ext + " exists, but browsers do not add extensions";
                break;
              }
            diags.add({Severity::warning, from_path, ref.line, ref.column,
                       "'" + ref.specifier + "' does not exist (looked for " + r.path + ")" + hint});
          }
          break;
        case resolve::UrlClass::external:
          g.externals.push_back({from, r.path, ref.kind, load});
          break;
        case resolve::UrlClass::bare: bare.push_back(&ref); break;
        case resolve::UrlClass::outside:
          // Maps kept beside the deployed folder (monaco's min-maps/) are deliberate.
          if (ref.kind == RefKind::source_map) break;
          diags.add({Severity::warning, from_path, ref.line, ref.column,
                     "'" + ref.specifier + "' points outside the folder" +
                         (options.resolver.base != "/" ? " (base " + options.resolver.base + ")" : "")});
          break;
        case resolve::UrlClass::fragment:
        case resolve::UrlClass::inline_data:
        case resolve::UrlClass::empty: break;
      }
    }
    for (const auto& gc : decided.groups) {
      Choice c{from, gc.font, gc.chosen ? g.ref_targets[from][*gc.chosen] : kNoTarget, gc.load, {}};
      for (size_t ri : gc.others)
        if (FileId t = g.ref_targets[from][ri]; t != kNoTarget && t != c.chosen) c.alternatives.push_back(t);
      std::sort(c.alternatives.begin(), c.alternatives.end());
      c.alternatives.erase(std::unique(c.alternatives.begin(), c.alternatives.end()), c.alternatives.end());
      if (c.chosen != kNoTarget || !c.alternatives.empty()) g.choices.push_back(std::move(c));
    }
    if (!bare.empty()) {
      // One message per file: a library's ESM build imports its dependencies by name.
      std::vector<std::string> distinct;
      for (const auto* b : bare)
        if (std::find(distinct.begin(), distinct.end(), b->specifier) == distinct.end()) distinct.push_back(b->specifier);
      std::string names;
      for (size_t i = 0; i < distinct.size() && i < 4; ++i) names += (i ? ", '" : "'") + distinct[i] + "'";
      if (distinct.size() > 4) names += ", …";
      diags.add({Severity::warning, from_path, bare[0]->line, bare[0]->column,
                 std::to_string(distinct.size()) + " bare module specifier" + (distinct.size() > 1 ? "s" : "") + " (" +
                     names + ") cannot be resolved in a built folder: left to an import map or a bundler"});
    }
  }
  for (const auto& [target, where] : named_by_string) {
    const auto& [from, ref] = where;
    diags.add({Severity::warning, files[from].path, ref->line, ref->column,
               "'" + ref->specifier + "' names " + files[target].path +
                   ": code may build its URL at run time, so it counts as loaded (lazy) and keeps its name when "
                   "hashing"});
  }
  add_chunk_edges(files, parsed, options.resolver, lookup, g, diags);
  std::sort(g.edges.begin(), g.edges.end(), [](const Edge& a, const Edge& b) {
    return std::tie(a.from, a.to, a.kind, a.load) < std::tie(b.from, b.to, b.kind, b.load);
  });
  g.edges.erase(std::unique(g.edges.begin(), g.edges.end(),
                            [](const Edge& a, const Edge& b) {
                              return a.from == b.from && a.to == b.to && a.kind == b.kind && a.load == b.load;
                            }),
                g.edges.end());

  size_t n = files.size();
  std::vector<std::vector<const Edge*>> out(n);
  std::vector<std::vector<FileId>> static_adj(n);
  for (const auto& e : g.edges) {
    out[e.from].push_back(&e);
    if (is_static_import(e.kind) && e.load == Load::initial) static_adj[e.from].push_back(e.to);
  }
  g.cycles = find_cycles(static_adj);

  // Entries: every HTML page, then the configured ones.
  std::vector<FileId> entry_ids;
  for (const auto& f : files)
    if (f.kind == scan::FileKind::document) entry_ids.push_back(f.id);
  for (const auto& e : options.entries) {
    std::string p = e;
    if (!resolve::normalize_path(p) || !lookup(p)) {
      diags.error(e, options.entries_from + ": no such file in the folder");
      continue;
    }
    FileId id = *lookup(p);
    if (std::find(entry_ids.begin(), entry_ids.end(), id) == entry_ids.end()) entry_ids.push_back(id);
  }

  std::vector<char> reached_any(n, 0);
  for (FileId entry : entry_ids) {
    Entry en;
    en.file = entry;
    std::vector<char> in_initial(n, 0), in_on_use(n, 0), in_lazy(n, 0);
    std::deque<FileId> queue{entry};
    in_initial[entry] = 1;
    while (!queue.empty()) {
      FileId v = queue.front();
      queue.pop_front();
      for (const Edge* e : out[v])
        if (e->load == Load::initial && !in_initial[e->to]) {
          in_initial[e->to] = 1;
          queue.push_back(e->to);
        }
    }
    // On use: the fonts the initial files name that are not initial (preloaded) already.
    for (FileId v = 0; v < n; ++v)
      if (in_initial[v])
        for (const Edge* e : out[v])
          if (e->load == Load::on_use && !in_initial[e->to]) in_on_use[e->to] = 1;
    // Lazy: everything reachable through a lazy edge from the initial set, and whatever those
    // files load in turn, that is not already initial or on use. Alternates are never fetched.
    for (FileId v = 0; v < n; ++v)
      if (in_initial[v])
        for (const Edge* e : out[v])
          if (e->load == Load::lazy && !in_initial[e->to] && !in_on_use[e->to] && !in_lazy[e->to]) {
            in_lazy[e->to] = 1;
            queue.push_back(e->to);
          }
    while (!queue.empty()) {
      FileId v = queue.front();
      queue.pop_front();
      for (const Edge* e : out[v])
        if (e->load != Load::none && e->load != Load::alternate && !in_initial[e->to] && !in_on_use[e->to] &&
            !in_lazy[e->to]) {
          in_lazy[e->to] = 1;
          queue.push_back(e->to);
        }
    }
    for (FileId v = 0; v < n; ++v) {
      if (in_initial[v]) en.initial.push_back(v);
      if (in_on_use[v]) en.on_use.push_back(v);
      if (in_lazy[v]) en.lazy.push_back(v);
    }
    for (size_t i = 0; i < g.externals.size(); ++i)
      if (in_initial[g.externals[i].from] && g.externals[i].load == Load::initial) en.externals.push_back(i);
    for (size_t i = 0; i < g.choices.size(); ++i)
      if (in_initial[g.choices[i].from]) en.choices.push_back(i);
    g.entries.push_back(std::move(en));

    // Reachability for unreferenced files follows every edge, source maps included.
    std::deque<FileId> all{entry};
    if (!reached_any[entry]) reached_any[entry] = 1;
    while (!all.empty()) {
      FileId v = all.front();
      all.pop_front();
      for (const Edge* e : out[v])
        if (!reached_any[e->to]) {
          reached_any[e->to] = 1;
          all.push_back(e->to);
        }
    }
  }
  std::sort(g.entries.begin(), g.entries.end(), [](const Entry& a, const Entry& b) { return a.file < b.file; });

  GlobSet assumed(options.assume_used);
  for (const auto& f : files) {
    if (reached_any[f.id] || used_by_convention(f.path)) continue;
    if (!assumed.empty() && assumed.matches(f.path)) continue;
    g.unreferenced.push_back(f.id);
  }
  return g;
}

}  // namespace kiln::graph
