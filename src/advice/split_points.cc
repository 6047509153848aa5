// Split points per page (see split_points.h). An edge u->v's cut is the set of nodes that
// become unreachable from the page when that edge alone is removed: each import link is split
// by a virtual node, and the cut is what that node dominates (a node is cut off by removing
// the link exactly when every path to it passes through the link). One dominator tree per
// page gives every link's cut at once; subtree sums give their bytes.
#include "advice/split_points.h"

#include <algorithm>
#include <map>

#include "advice/cut_bytes.h"
#include "advice/cut_kind.h"
#include "advice/page_graph.h"
#include "advice/tree_shaking.h"
#include "core/dominators.h"
#include "core/glob.h"

namespace kiln::advice {

const char* cut_kind_name(CutKind k) {
  switch (k) {
    case CutKind::route: return "route";
    case CutKind::conditional: return "conditional-render";
    case CutKind::handler: return "event-handler";
    case CutKind::in_functions: return "used-in-functions";
    case CutKind::rendered: return "rendered";
    case CutKind::reexport: return "re-export";
    case CutKind::top_level: return "top-level-use";
    case CutKind::side_effect: return "side-effect";
  }
  return "?";
}

namespace {

bool is_page_reason(const std::string& r) {
  for (const char* w : {" main", " module", " browser", " exports", "kiln.json", "convention: index", "convention: next"})
    if (r.find(w) != std::string::npos) return true;
  return false;
}

// HTML pages and --entry files; without those, what package.json and kiln.json name.
std::vector<uint32_t> pages_of(const source::SourceGraph& g, const std::vector<source::Entry>& entries,
                               const SplitOptions& options) {
  std::vector<uint32_t> pages;
  GlobSet extra(options.entries);
  for (auto& e : entries)
    if (g.modules[e.file].syntax == source::SourceSyntax::html) pages.push_back(e.file);
  if (!extra.empty())
    for (uint32_t i = 0; i < g.modules.size(); ++i)
      if (source::is_code(g.modules[i].syntax) && extra.matches(g.modules[i].path)) pages.push_back(i);
  if (pages.empty())
    for (auto& e : entries)
      if (is_page_reason(e.reason)) pages.push_back(e.file);
  std::sort(pages.begin(), pages.end());
  pages.erase(std::unique(pages.begin(), pages.end()), pages.end());
  return pages;
}

struct Walk {
  const PageGraph& pg;
  const source::SourceGraph& g;
  std::vector<std::vector<uint32_t>> succ;  // nodes, then one virtual node per static link
  size_t n() const { return pg.size(); }
};

Walk make_walk(const PageGraph& pg, const source::SourceGraph& g) {
  Walk w{pg, g, {}};
  w.succ.resize(pg.size() + pg.links.size());
  for (uint32_t l = 0; l < pg.links.size(); ++l) {
    if (pg.links[l].dynamic) continue;
    uint32_t via = static_cast<uint32_t>(pg.size() + l);
    w.succ[pg.links[l].from].push_back(via);
    w.succ[via].push_back(pg.links[l].to);
  }
  return w;
}

// 0: the code loads only on a route, a condition or an event; 1: only inside functions (which
// may run at start-up); 2: rendered or run at once, re-exported, side effects.
int defer_rank(CutKind k) {
  if (k == CutKind::route || k == CutKind::conditional || k == CutKind::handler) return 0;
  return k == CutKind::in_functions ? 1 : 2;
}

double weight(const Bytes& b, bool built) { return static_cast<double>(built ? b.brotli : b.raw); }

class TextCache {
 public:
  TextCache(fs::Disk& disk, const std::string& root) : disk_(disk), root_(root) {}
  const std::string& get(const std::string& path) {
    auto it = texts_.find(path);
    if (it != texts_.end()) return it->second;
    auto text = disk_.read_file(fs::join_path(root_, path));
    return texts_[path] = text ? std::move(*text) : std::string();
  }

 private:
  fs::Disk& disk_;
  std::string root_;
  std::map<std::string, std::string> texts_;
};

void describe_cut(const Walk& w, const std::vector<std::vector<uint32_t>>& children,
                  const PageBytes& pb, bool built, TextCache& texts, Cut& cut, uint32_t via) {
  const auto& pg = w.pg;
  std::vector<std::pair<double, std::string>> packages;
  std::vector<uint32_t> stack{via};
  while (!stack.empty()) {
    uint32_t v = stack.back();
    stack.pop_back();
    if (v < pg.size()) {
      if (pg.is_package(v)) packages.push_back({weight(pb.node[v], built), pg.packages[v - pg.modules]});
      else ++cut.modules;
    }
    for (uint32_t c : children[v]) stack.push_back(c);
  }
  std::sort(packages.begin(), packages.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  for (auto& p : packages) cut.packages.push_back(p.second);
  const auto& importer = w.g.modules[cut.from];
  const auto& rec = importer.facts.imports[cut.import_index];
  auto site = classify_import(texts.get(importer.path), rec, framework_of(importer.facts, importer.path, cut.target));
  cut.line = site.line, cut.column = site.column;
  cut.statement = site.statement;
  cut.kind = site.kind;
  cut.why = site.why;
  cut.suggestion = site.suggestion;
}

std::vector<Ineffective> find_ineffective(const Walk& w, const DominatorTree& dt, const PageBytes& pb, uint32_t root) {
  const auto& pg = w.pg;
  std::vector<uint8_t> reached(pg.size(), 0);
  std::vector<uint32_t> stack{root};
  reached[root] = 1;
  while (!stack.empty()) {
    uint32_t v = stack.back();
    stack.pop_back();
    for (uint32_t l : pg.out[v])
      if (!reached[pg.links[l].to]) reached[pg.links[l].to] = 1, stack.push_back(pg.links[l].to);
  }
  auto in_static = [&](uint32_t v) { return dt.idom[v] != kNotReached; };
  std::vector<Ineffective> out;
  for (auto& d : pg.links) {
    if (!d.dynamic || !reached[d.from] || !in_static(d.to)) continue;
    auto s = std::find_if(pg.links.begin(), pg.links.end(),
                          [&](const Link& l) { return !l.dynamic && l.to == d.to && in_static(l.from) && !l.from_package; });
    if (s == pg.links.end()) continue;  // reached statically only through a package's dependencies
    Ineffective x;
    x.target = pg.name(w.g, d.to);
    x.to_package = pg.is_package(d.to);
    x.specifier = w.g.modules[d.from].facts.imports[d.import_index].specifier;
    x.dynamic_from = d.from, x.dynamic_line = d.line, x.dynamic_column = d.column;
    x.static_from = s->from, x.static_line = s->line, x.static_column = s->column;
    x.bytes = pb.node[d.to];
    out.push_back(std::move(x));
  }
  return out;
}

PageSplit split_page(fs::Disk& disk, const Walk& w, uint32_t root, PageBytes pb, bool built, const SplitOptions& options,
                     TextCache& texts, const std::vector<source::UnusedExport>& unused_exports) {
  const auto& pg = w.pg;
  const size_t n = pg.size();
  PageSplit page;
  page.page = root;
  auto dt = dominator_tree(w.succ, root);
  std::vector<Bytes> sum(w.succ.size());
  for (uint32_t v : dt.order)
    if (v < n) {
      sum[v] = pb.node[v];
      ++page.static_modules;
      if (!built) page.initial += pb.node[v];
    }
  if (!built) page.attributed = page.initial;
  else page.initial = pb.initial, page.attributed = pb.attributed;
  page.dist_page = pb.dist_page;
  std::vector<std::vector<uint32_t>> children(w.succ.size());
  for (size_t i = dt.order.size(); i-- > 1;) {
    uint32_t v = dt.order[i];
    sum[dt.idom[v]] += sum[v];
    children[dt.idom[v]].push_back(v);
  }
  double total = weight(page.initial, built);
  bool html_root = w.g.modules[root].syntax == source::SourceSyntax::html;
  std::vector<std::pair<double, uint32_t>> candidates;
  for (uint32_t l = 0; l < pg.links.size(); ++l) {
    const auto& link = pg.links[l];
    uint32_t via = static_cast<uint32_t>(n + l);
    if (link.dynamic || link.from_package || dt.idom[via] == kNotReached) continue;
    if (html_root && link.from == root) continue;  // the page's own scripts: nothing to make lazy
    if (!pg.is_package(link.to) && !source::is_code(w.g.modules[link.to].syntax)) continue;  // stylesheets
    double value = weight(sum[via], built);
    if (value <= 0) continue;
    if (value >= static_cast<double>(options.min_bytes) || (total > 0 && value >= options.min_share * total))
      candidates.push_back({value, l});
  }
  std::sort(candidates.begin(), candidates.end(), [&](auto& a, auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second < b.second;  // links are sorted by importer path, line, column
  });
  page.candidates = static_cast<uint32_t>(candidates.size());
  for (auto& [value, l] : candidates) {
    const auto& link = pg.links[l];
    Cut cut;
    cut.from = link.from;
    cut.import_index = link.import_index;
    cut.target = pg.name(w.g, link.to);
    cut.to_package = pg.is_package(link.to);
    cut.bytes = sum[n + l];
    cut.share = total > 0 ? value / total : 0;
    describe_cut(w, children, pb, built, texts, cut, static_cast<uint32_t>(n + l));
    page.cuts.push_back(std::move(cut));
  }
  // Cuts that defer loading come first: on bulletproof-react the largest cut by bytes was
  // `import { App } from './app'` in main.tsx, rendered at once (lazy saves nothing), above
  // the route table's eager `AppRoot` (33.1 kB br that only /app needs).
  std::stable_sort(page.cuts.begin(), page.cuts.end(),
                   [](const Cut& a, const Cut& b) { return defer_rank(a.kind) < defer_rank(b.kind); });
  if (page.cuts.size() > options.max_per_page) page.cuts.resize(options.max_per_page);
  page.ineffective = find_ineffective(w, dt, pb, root);
  if (built) {
    std::vector<uint8_t> in_static(n, 0);
    for (uint32_t v : dt.order)
      if (v < n) in_static[v] = 1;
    page.shake_misses = find_shake_misses(disk, w.g, pg, in_static, pb, total, options,
                                          [&](const std::string& path) -> const std::string& { return texts.get(path); });
    auto modules = find_unused_module_misses(disk, w.g, pg, in_static, pb, total, options, unused_exports);
    page.shake_misses.insert(page.shake_misses.end(), modules.begin(), modules.end());
    std::stable_sort(page.shake_misses.begin(), page.shake_misses.end(),
                     [](const ShakeMiss& a, const ShakeMiss& b) { return a.bytes.brotli > b.bytes.brotli; });
  }
  return page;
}

}  // namespace

SplitReport find_split_points(fs::Disk& disk, const source::SourceGraph& g, const std::vector<source::Entry>& entries,
                              const pipeline::Analysis* dist, const SplitOptions& options) {
  SplitReport report;
  report.built_bytes = dist != nullptr;
  std::vector<std::string> extra;
  if (dist) extra = dist_packages(*dist);
  auto pg = build_page_graph(disk, g, extra, dist != nullptr);
  auto walk = make_walk(pg, g);
  TextCache texts(disk, g.project.root);
  auto pages = pages_of(g, entries, options);
  // Exports the app never uses, as `kiln graph` finds them: an app module shipped with none
  // of its exports used is a tree-shaking miss.
  source::Findings findings;
  if (dist) {
    findings.entries = entries;
    source::find_unused(g, findings);
  }
  for (uint32_t root : pages) {
    PageBytes pb;
    if (dist) {
      auto match = match_dist_page(*dist, g.modules[root].path, pages.size());
      if (!match) {
        report.unmatched_pages.push_back(g.modules[root].path);
        continue;
      }
      pb = built_bytes(pg, g, *dist, *match);
    } else {
      pb = source_bytes(pg, g);
    }
    report.pages.push_back(split_page(disk, walk, root, std::move(pb), report.built_bytes, options, texts,
                                      findings.unused_exports));
  }
  return report;
}

}  // namespace kiln::advice
