#include "hash/planner.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/digest.h"
#include "core/glob.h"
#include "core/scc.h"
#include "graph/asset_graph.h"
#include "hash/edits.h"

namespace kiln::hash {

using parse::RefKind;
using scan::FileId;

std::string keep_reason(const pipeline::Analysis& a, FileId id, const std::vector<char>& is_sw,
                        const GlobSet& keep) {
  const auto& f = a.files[id];
  if (f.kind == scan::FileKind::document) return "page";
  if (is_sw[id]) return "service worker";
  if (f.kind == scan::FileKind::manifest) return "web app manifest";
  if (f.kind == scan::FileKind::sourcemap) return "source map";
  if (graph::used_by_convention(f.path)) return "conventional name";
  if (!keep.empty() && keep.matches(f.path)) return "--keep";
  return "";
}

namespace {

struct Planner {
  fs::Disk& disk;
  const std::string& root;
  const pipeline::Analysis& a;
  const HashOptions& opt;
  Diagnostics& diags;
  HashPlan plan;
  std::vector<std::optional<std::string>> contents;
  std::vector<char> candidate, renamed, done, hashed, keep_name;
  std::vector<std::string> new_hash;  // by FileId: the hash in a renamed file's new name
  std::vector<FileId> derived_map;  // X -> its source map M (named after X), or kNoTarget
  std::vector<char> is_derived_map;

  const std::string* content(FileId id) {
    if (!contents[id]) {
      auto r = disk.read_file(fs::join_path(root, a.files[id].path));
      if (!r) {
        diags.error(a.files[id].path, r.error());
        contents[id] = std::string();
        return nullptr;
      }
      contents[id] = std::move(*r);
    }
    return &*contents[id];
  }

  const std::vector<parse::Reference>& refs(FileId id) const { return a.parsed[id].refs; }
  FileId target(FileId id, size_t ri) const { return a.graph.ref_targets[id][ri]; }

  // Edits for X's references. Targets in `pending` keep their text (group hashing); the source
  // map reference is blanked when `for_hash`, else pointed at the map's new name.
  std::optional<std::string> edited(FileId x, const std::unordered_set<FileId>& pending, bool for_hash,
                                    uint32_t* count) {
    const std::string* c = content(x);
    if (!c) return std::nullopt;
    std::vector<Edit> edits;
    const auto& rs = refs(x);
    for (size_t ri = 0; ri < rs.size(); ++ri) {
      FileId t = target(x, ri);
      if (t == graph::kNoTarget) continue;
      const auto& ref = rs[ri];
      std::string raw = c->substr(ref.begin, ref.end - ref.begin);
      std::string new_target;
      if (ref.kind == RefKind::source_map && derived_map[x] == t) {
        if (for_hash) {
          edits.push_back({ref.begin, ref.end, ""});
          continue;
        }
        new_target = plan.final_paths[t];
      } else if (renamed[t] && !pending.count(t)) {
        new_target = plan.final_paths[t];
      } else {
        continue;
      }
      if (new_target == a.files[t].path) continue;
      auto text = rewrite_specifier(raw, a.files[t].path, new_target);
      if (!text) {
        diags.add({Severity::error, a.files[x].path, ref.line, ref.column,
                   "cannot rewrite '" + raw + "' to name " + new_target +
                       ": the file name is not written literally (escaped or encoded)"});
        continue;
      }
      edits.push_back({ref.begin, ref.end, *text});
      if (count) ++*count;
    }
    if (!for_hash && opt.sri_html && a.files[x].kind == scan::FileKind::document) {
      for (size_t ri = 0; ri < rs.size(); ++ri) {
        const auto& ref = rs[ri];
        FileId t = target(x, ri);
        bool sri_tag = ref.kind == RefKind::html_script ||
                       (ref.kind == RefKind::html_link &&
                        (ref.rel.find("stylesheet") != std::string::npos || ref.rel == "modulepreload" ||
                         (ref.rel == "preload" && (ref.as == "script" || ref.as == "style"))));
        if (!sri_tag || t == graph::kNoTarget) continue;
        if (plan.integrity[t].empty()) {
          const std::string* tc = content(t);
          if (!tc) continue;
          plan.integrity[t] = sri_sha384(*tc);
        }
        if (auto e = integrity_edit(*c, ref.begin, ref.end, plan.integrity[t])) edits.push_back(*e);
      }
    }
    auto out = apply_edits(*c, std::move(edits));
    if (!out) {
      diags.error(a.files[x].path, out.error());
      return std::nullopt;
    }
    return std::move(*out);
  }

  bool refers_to_renamed(FileId x) const {
    const auto& rs = refs(x);
    for (size_t ri = 0; ri < rs.size(); ++ri) {
      FileId t = target(x, ri);
      if (t != graph::kNoTarget && renamed[t] && rs[ri].kind != RefKind::source_map) return true;
    }
    return false;
  }

  void process(std::vector<FileId> scc, const std::vector<std::vector<FileId>>& adj) {
    // A source map named after its file is renamed with that file, never on its own.
    std::erase_if(scc, [&](FileId x) { return is_derived_map[x] != 0; });
    if (scc.empty()) return;
    // Who is renamed: candidates, and hashed files whose references change (their old hash
    // would lie about their new content). Within a cycle this can take a few rounds.
    for (bool changed = true; changed;) {
      changed = false;
      for (FileId x : scc)
        if (!renamed[x] && (candidate[x] || (hashed[x] && !keep_name[x] && refers_to_renamed(x)))) {
          renamed[x] = 1;
          changed = true;
        }
    }
    bool group = scc.size() > 1 ||
                 std::find(adj[scc[0]].begin(), adj[scc[0]].end(), scc[0]) != adj[scc[0]].end();
    std::unordered_set<FileId> pending;
    if (group) pending.insert(scc.begin(), scc.end());
    std::vector<std::string> digests(scc.size());
    KeyHasher group_key;
    for (size_t i = 0; i < scc.size(); ++i) {
      FileId x = scc[i];
      if (!renamed[x]) continue;
      auto input = edited(x, pending, true, nullptr);
      if (!input) return;
      if (group) group_key.add(a.files[x].path).add(*input);
      else digests[i] = opt.namer.digest(*input);
    }
    if (group) {
      std::string g = group_key.hex();
      for (size_t i = 0; i < scc.size(); ++i) digests[i] = opt.namer.digest(g + "\n" + a.files[scc[i]].path);
    }
    for (size_t i = 0; i < scc.size(); ++i) {
      FileId x = scc[i];
      if (!renamed[x]) continue;
      plan.final_paths[x] = opt.namer.rename(a.files[x].path, digests[i]);
      new_hash[x] = digests[i];
      if (derived_map[x] != graph::kNoTarget) {
        FileId m = derived_map[x];
        renamed[m] = 1;
        plan.final_paths[m] = plan.final_paths[x] + ".map";
      }
    }
    for (FileId x : scc) {
      uint32_t count = 0;
      if (!renamed[x] && !refers_to_renamed(x) && !(opt.sri_html && a.files[x].kind == scan::FileKind::document))
        continue;
      auto final_content = edited(x, {}, false, &count);
      if (!final_content) continue;
      auto& fp = plan.files[x];
      fp.renamed = renamed[x];
      fp.new_path = plan.final_paths[x];
      fp.rewritten_refs = count;
      fp.content_changed = *final_content != *content(x);
      fp.content = std::move(*final_content);
      plan.integrity[x] = sri_sha384(fp.content);
    }
  }
};

}  // namespace

HashPlan plan_hash(fs::Disk& disk, const std::string& root, const pipeline::Analysis& a,
                   const HashOptions& options, Diagnostics& diags) {
  size_t n = a.files.size();
  Planner p{disk, root, a, options, diags, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  p.new_hash.resize(n);
  p.plan.files.resize(n);
  p.plan.final_paths.resize(n);
  p.plan.integrity.resize(n);
  p.contents.resize(n);
  p.candidate.assign(n, 0);
  p.renamed.assign(n, 0);
  p.hashed.assign(n, 0);
  p.keep_name.assign(n, 0);
  p.derived_map.assign(n, graph::kNoTarget);
  p.is_derived_map.assign(n, 0);

  std::vector<char> is_sw(n, 0), referenced(n, 0), by_runtime(n, 0);
  std::vector<std::vector<FileId>> adj(n);
  for (FileId x = 0; x < n; ++x) {
    const auto& rs = a.parsed[x].refs;
    for (size_t ri = 0; ri < rs.size(); ++ri) {
      FileId t = a.graph.ref_targets[x][ri];
      if (t == graph::kNoTarget) continue;
      if (rs[ri].kind == RefKind::js_service_worker) is_sw[t] = 1;
      // A chunk a bundler's runtime loads by id keeps its name: the runtime builds it. So does
      // a file whose name is a string in code (Leaflet's "marker-shadow.png"): the code may
      // join it to a folder at run time, and a new name would be a 404.
      if (rs[ri].kind == RefKind::js_chunk || rs[ri].kind == RefKind::asset_name) {
        by_runtime[t] = 1;
        referenced[t] = rs[ri].kind == RefKind::asset_name || referenced[t];
        continue;
      }
      if (rs[ri].kind == RefKind::source_map) {
        if (a.files[t].path == a.files[x].path + ".map") p.derived_map[x] = t, p.is_derived_map[t] = 1;
        continue;
      }
      referenced[t] = 1;
      adj[x].push_back(t);
    }
  }
  GlobSet keep(options.keep);
  for (FileId x = 0; x < n; ++x) {
    p.plan.final_paths[x] = a.files[x].path;
    p.plan.files[x].old_path = p.plan.files[x].new_path = a.files[x].path;
    // A file that could not be read cannot be hashed: it keeps its name (reported already).
    p.keep_name[x] = by_runtime[x] || a.facts[x].read_failed || !keep_reason(a, x, is_sw, keep).empty();
    p.hashed[x] = options.namer.is_hashed(a.files[x].path);
    if (p.hashed[x] && referenced[x]) ++p.plan.already_hashed;
    p.candidate[x] = referenced[x] && !p.keep_name[x] && !p.hashed[x];
  }
  // Leaves first (strongly_connected_components emits dependencies before dependants), so
  // every file's targets have their final names when it is hashed.
  for (const auto& scc : strongly_connected_components(adj)) p.process(scc, adj);

  // Source maps follow their file's new name; their bytes do not change.
  for (FileId x = 0; x < n; ++x) {
    FileId m = p.derived_map[x];
    if (m == graph::kNoTarget || !p.renamed[m] || p.plan.files[m].renamed) continue;
    const std::string* c = p.content(m);
    if (!c) continue;
    auto& fp = p.plan.files[m];
    fp.renamed = true;
    fp.new_path = p.plan.final_paths[m];
    fp.content = *c;
  }

  // Image variants that no page names (hero.webp, hero-640w.webp beside hero.png) take
  // their source's hash (hero-1a2b3c4d.webp, hero-640w-1a2b3c4d.webp: the hash last, so the
  // name reads as hashed), and `kiln images` finds them up to date on the next run.
  // Files are sorted by path, so a source's variants sit together from the first path that
  // starts with "dir/name": a binary search, not a pass over every file per image.
  for (FileId x = 0; x < n; ++x) {
    if (!p.renamed[x] || a.files[x].kind != scan::FileKind::image) continue;
    auto old_parts = split_name(a.files[x].path);
    std::string prefix = old_parts.dir + old_parts.name;
    auto first = std::lower_bound(a.files.begin(), a.files.end(), prefix,
                                  [](const scan::FileEntry& f, const std::string& key) { return f.path < key; });
    for (auto it = first; it != a.files.end() && it->path.compare(0, prefix.size(), prefix) == 0; ++it) {
      FileId v = it->id;
      if (v == x || p.renamed[v] || referenced[v]) continue;
      const std::string& vp = it->path;
      if (vp.size() <= prefix.size()) continue;
      std::string rest = vp.substr(prefix.size());  // ".webp" or "-640w.avif"
      bool variant = rest == ".webp" || rest == ".avif";
      if (!variant && rest.size() > 6 && rest[0] == '-') {
        size_t w = rest.find("w.");
        variant = w != std::string::npos && w > 1 &&
                  rest.find_first_not_of("0123456789", 1) == w &&
                  (rest.substr(w + 1) == ".webp" || rest.substr(w + 1) == ".avif");
      }
      if (!variant) continue;
      const std::string* c = p.content(v);
      if (!c) continue;
      auto& fp = p.plan.files[v];
      fp.renamed = true;
      fp.new_path = p.plan.final_paths[v] = options.namer.rename(vp, p.new_hash[x]);
      fp.content = *c;
      p.renamed[v] = 1;
    }
  }

  // Two files must not end up with one name.
  std::unordered_map<std::string, FileId> names;
  for (FileId x = 0; x < n; ++x) {
    auto [it, fresh] = names.emplace(p.plan.final_paths[x], x);
    if (!fresh)
      diags.error(a.files[x].path, "would be renamed to " + p.plan.final_paths[x] + ", which " +
                                       a.files[it->second].path + " also becomes or already is");
  }
  for (const auto& f : p.plan.files) {
    if (f.renamed) ++p.plan.renamed;
    if (f.rewritten_refs) ++p.plan.rewritten_files;
    p.plan.rewritten_refs += f.rewritten_refs;
  }
  return std::move(p.plan);
}

}  // namespace kiln::hash
