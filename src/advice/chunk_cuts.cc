#include "advice/chunk_cuts.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "advice/split_report.h"
#include "core/dominators.h"
#include "core/json_text.h"
#include "core/units.h"

namespace kiln::advice {

namespace {

struct FileLink {
  scan::FileId from = 0, to = 0;
  uint32_t line = 0, column = 0;
};

bool cuttable(parse::RefKind k) {
  return k == parse::RefKind::js_import || k == parse::RefKind::js_export_from || k == parse::RefKind::js_require;
}

ChunkPage chunk_page(const pipeline::Analysis& a, const graph::Entry& entry, const SplitOptions& options) {
  ChunkPage page;
  page.page = a.files[entry.file].path;
  std::vector<uint8_t> initial(a.files.size(), 0);
  for (auto id : entry.initial) initial[id] = 1;
  // Links between initial files, one per (from, to): the first reference.
  std::map<std::pair<scan::FileId, scan::FileId>, FileLink> grouped;
  std::vector<uint8_t> can_cut;
  for (auto from : entry.initial) {
    const auto& refs = a.parsed[from].refs;
    for (size_t i = 0; i < refs.size() && i < a.graph.ref_targets[from].size(); ++i) {
      auto to = a.graph.ref_targets[from][i];
      const auto& ref = refs[i];
      if (to == graph::kNoTarget || !initial[to] || graph::load_of(ref) != graph::Load::initial) continue;
      if (ref.kind == parse::RefKind::html_link && ref.rel.find("preload") != std::string::npos) continue;
      if (ref.kind == parse::RefKind::source_map) continue;
      grouped.emplace(std::make_pair(from, to), FileLink{from, to, ref.line, ref.column});
    }
  }
  std::vector<FileLink> links;
  for (auto& [k, l] : grouped) links.push_back(l);
  const size_t n = a.files.size();
  std::vector<std::vector<uint32_t>> succ(n + links.size());
  for (uint32_t l = 0; l < links.size(); ++l) {
    succ[links[l].from].push_back(static_cast<uint32_t>(n + l));
    succ[n + l].push_back(links[l].to);
  }
  auto dt = dominator_tree(succ, entry.file);
  std::vector<Bytes> sum(succ.size());
  std::vector<std::vector<uint32_t>> children(succ.size());
  for (uint32_t v : dt.order)
    if (v < n) {
      const auto& s = a.facts[v].sizes;
      sum[v] = {s.raw, s.gzip, s.brotli};
      page.initial += sum[v];
    }
  for (size_t i = dt.order.size(); i-- > 1;) {
    sum[dt.idom[dt.order[i]]] += sum[dt.order[i]];
    children[dt.idom[dt.order[i]]].push_back(dt.order[i]);
  }
  std::vector<std::pair<uint64_t, uint32_t>> candidates;
  for (uint32_t l = 0; l < links.size(); ++l) {
    const auto& link = links[l];
    uint32_t via = static_cast<uint32_t>(n + l);
    if (dt.idom[via] == kNotReached || link.from == entry.file) continue;
    bool js_import = false;
    const auto& refs = a.parsed[link.from].refs;
    for (size_t i = 0; i < refs.size(); ++i)
      js_import |= a.graph.ref_targets[link.from][i] == link.to && cuttable(refs[i].kind);
    if (!js_import) continue;
    uint64_t value = sum[via].brotli;
    if (value > 0 && (value >= options.min_bytes ||
                      (page.initial.brotli && static_cast<double>(value) >= options.min_share * static_cast<double>(page.initial.brotli))))
      candidates.push_back({value, l});
  }
  std::sort(candidates.begin(), candidates.end(),
            [](auto& x, auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
  page.candidates = static_cast<uint32_t>(candidates.size());
  if (candidates.size() > options.max_per_page) candidates.resize(options.max_per_page);
  for (auto& [value, l] : candidates) {
    ChunkCut cut{links[l].from, links[l].to, links[l].line, links[l].column, sum[n + l], 0, {}};
    cut.share = page.initial.brotli ? static_cast<double>(value) / static_cast<double>(page.initial.brotli) : 0;
    std::vector<std::pair<uint64_t, std::string>> files;
    std::vector<uint32_t> stack{static_cast<uint32_t>(n + l)};
    while (!stack.empty()) {
      uint32_t v = stack.back();
      stack.pop_back();
      if (v < n) files.push_back({sum[v].brotli, a.files[v].path});
      for (uint32_t c : children[v]) stack.push_back(c);
    }
    std::sort(files.begin(), files.end(), [](auto& x, auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
    for (auto& f : files) cut.files.push_back(f.second);
    page.cuts.push_back(std::move(cut));
  }
  return page;
}

}  // namespace

std::vector<ChunkPage> find_chunk_cuts(const pipeline::Analysis& dist, const SplitOptions& options) {
  std::vector<ChunkPage> out;
  for (auto& entry : dist.graph.entries) out.push_back(chunk_page(dist, entry, options));
  return out;
}

void print_chunk_cuts(std::ostream& out, const std::vector<ChunkPage>& pages, const pipeline::Analysis& dist,
                      const SplitOptions& options) {
  out << "kiln split --chunks: " << pages.size() << (pages.size() == 1 ? " page" : " pages")
      << ", chunk-level cuts from the built files alone\n";
  for (auto& p : pages) {
    out << '\n' << p.page << ": initial load " << cut_bytes_text(p.initial, true) << '\n';
    if (p.cuts.empty())
      out << "  no static import between its files above " << format_bytes(options.min_bytes) << " br or "
          << format_percent(options.min_share) << " of the page\n";
    for (auto& c : p.cuts) {
      out << "  " << dist.files[c.from].path << ':' << c.line << ':' << c.column << " import of " << dist.files[c.to].path
          << " → " << cut_bytes_text(c.bytes, true) << " leaves the initial load (" << format_percent(c.share)
          << " of it); " << c.files.size() << (c.files.size() == 1 ? " file" : " files") << '\n';
    }
  }
}

std::string chunk_cuts_json(const std::vector<ChunkPage>& pages, const pipeline::Analysis& dist) {
  nlohmann::ordered_json j;
  j["schema"] = "kiln.split-chunks/1";
  auto& arr = j["pages"] = nlohmann::ordered_json::array();
  auto bytes = [](const Bytes& b) { return nlohmann::ordered_json{{"raw", b.raw}, {"gzip", b.gzip}, {"brotli", b.brotli}}; };
  for (auto& p : pages) {
    nlohmann::ordered_json pj{{"page", p.page}, {"initial", bytes(p.initial)}, {"candidates", p.candidates}};
    auto& cuts = pj["cuts"] = nlohmann::ordered_json::array();
    for (auto& c : p.cuts)
      cuts.push_back({{"file", dist.files[c.from].path}, {"line", c.line}, {"column", c.column},
                      {"target", dist.files[c.to].path}, {"bytes", bytes(c.bytes)}, {"share", c.share}, {"files", c.files}});
    arr.push_back(std::move(pj));
  }
  return json_dump(j, 2) + "\n";
}

}  // namespace kiln::advice
