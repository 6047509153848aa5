#include "page/html_step.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/units.h"
#include "page/source_checks.h"

namespace kiln::page {

namespace {

using graph::FileId;

bool static_import(parse::RefKind k) { return k == parse::RefKind::js_import || k == parse::RefKind::js_export_from; }

// The modules a page's module scripts import statically, transitively, that the page does not
// already load or preload; as URLs from the public base, sorted by path.
std::vector<std::string> module_closure(const pipeline::Analysis& a, FileId page, const std::string& base,
                                        const std::vector<std::vector<const graph::Edge*>>& out_edges) {
  const auto& refs = a.parsed[page].refs;
  std::set<FileId> loaded, seen;
  std::vector<FileId> todo;
  for (size_t i = 0; i < refs.size(); ++i) {
    FileId t = a.graph.ref_targets[page][i];
    if (t == graph::kNoTarget) continue;
    bool module_script = refs[i].kind == parse::RefKind::html_script && refs[i].is_module;
    bool preloaded = refs[i].kind == parse::RefKind::html_link && refs[i].rel == "modulepreload";
    if (module_script || preloaded) loaded.insert(t);
    if (module_script && seen.insert(t).second) todo.push_back(t);
  }
  std::set<std::string> paths;
  while (!todo.empty()) {
    FileId f = todo.back();
    todo.pop_back();
    for (const auto* e : out_edges[f]) {
      if (!static_import(e->kind) || !seen.insert(e->to).second) continue;
      todo.push_back(e->to);
      if (!loaded.count(e->to)) paths.insert(a.files[e->to].path);
    }
  }
  std::vector<std::string> urls;
  for (const auto& p : paths) urls.push_back(base + p);
  return urls;
}

// The WOFF2 fonts a page's initial stylesheets name, in order, not already preloaded.
std::vector<std::string> initial_fonts(const pipeline::Analysis& a, FileId page, const std::string& base) {
  std::set<FileId> preloaded, initial;
  const auto& refs = a.parsed[page].refs;
  for (size_t i = 0; i < refs.size(); ++i)
    if (refs[i].kind == parse::RefKind::html_link && refs[i].rel == "preload") preloaded.insert(a.graph.ref_targets[page][i]);
  for (const auto& e : a.graph.entries)
    if (e.file == page) initial.insert(e.initial.begin(), e.initial.end());
  std::vector<std::string> urls;
  std::set<FileId> seen;
  for (FileId css : initial) {
    if (a.files[css].kind != scan::FileKind::stylesheet) continue;
    const auto& crefs = a.parsed[css].refs;
    for (size_t i = 0; i < crefs.size(); ++i) {
      FileId t = a.graph.ref_targets[css][i];
      if (crefs[i].kind != parse::RefKind::css_url || t == graph::kNoTarget || a.files[t].kind != scan::FileKind::font) continue;
      const std::string& p = a.files[t].path;
      if (p.size() < 6 || p.compare(p.size() - 6, 6, ".woff2") != 0 || preloaded.count(t) || !seen.insert(t).second) continue;
      urls.push_back(base + p);
    }
  }
  return urls;
}

// Unminified scripts and stylesheets, and @font-face rules without font-display, among the
// files some page loads first; each file checked once.
uint64_t check_sources(fs::Disk& disk, const std::string& dir, const pipeline::Analysis& a, Diagnostics& diags) {
  std::set<FileId> files;
  for (const auto& e : a.graph.entries)
    if (a.files[e.file].kind == scan::FileKind::document)
      for (FileId f : e.initial)
        if (a.files[f].kind == scan::FileKind::script || a.files[f].kind == scan::FileKind::stylesheet) files.insert(f);
  uint64_t n = 0;
  for (FileId f : files) {
    const auto& path = a.files[f].path;
    auto content = disk.read_file(fs::join_path(dir, path));
    if (!content) continue;  // reported by the analysis
    bool css = a.files[f].kind == scan::FileKind::stylesheet;
    uint64_t removable = css ? css_removable_bytes(*content) : js_removable_bytes(*content);
    if (removable >= kUnminifiedBytes && double(removable) >= kUnminifiedShare * double(content->size())) {
      diags.warning(path, std::string(css ? "unminified CSS: " : "unminified JavaScript: ") + format_bytes(removable) +
                              " of " + format_bytes(content->size()) + " (" +
                              std::to_string(removable * 100 / content->size()) +
                              "%) is whitespace and comments; minify it in the bundler");
      ++n;
    }
    if (css)
      for (uint32_t line : font_faces_without_display(*content)) {
        diags.add({Severity::warning, path, line, 0,
                   "@font-face without font-display: text stays invisible while the font loads (add font-display: swap)"});
        ++n;
      }
  }
  return n;
}

}  // namespace

HtmlStepResult fix_pages(fs::Disk& disk, const std::string& dir, const pipeline::Analysis& a, const PageOptions& options,
                         const std::string& base, bool dry_run, Diagnostics& diags) {
  HtmlStepResult r;
  std::vector<std::vector<const graph::Edge*>> out_edges(a.files.size());
  for (const auto& e : a.graph.edges) out_edges[e.from].push_back(&e);
  std::map<FileId, std::optional<ImageSize>> sizes;  // each image's header read once
  for (FileId id = 0; id < a.files.size(); ++id) {
    if (a.files[id].kind != scan::FileKind::document) continue;
    const std::string& path = a.files[id].path;
    auto content = disk.read_file(fs::join_path(dir, path));
    if (!content) {
      diags.error(path, content.error());
      continue;
    }
    ++r.pages;
    // The image each <img src> names, by the parser's byte offset of the value.
    std::map<uint32_t, FileId> img_targets;
    const auto& refs = a.parsed[id].refs;
    for (size_t i = 0; i < refs.size(); ++i)
      if (refs[i].kind == parse::RefKind::html_img && a.graph.ref_targets[id][i] != graph::kNoTarget)
        img_targets[refs[i].begin] = a.graph.ref_targets[id][i];
    PageInput in{*content,
                 [&](uint32_t at) -> std::optional<ImageSize> {
                   auto it = img_targets.find(at);
                   if (it == img_targets.end()) return std::nullopt;
                   auto [s, fresh] = sizes.try_emplace(it->second);
                   if (fresh)
                     if (auto bytes = disk.read_file(fs::join_path(dir, a.files[it->second].path))) s->second = image_size(*bytes);
                   return s->second;
                 },
                 options.module_preload ? module_closure(a, id, base, out_edges) : std::vector<std::string>{},
                 options.font_preload ? initial_fonts(a, id, base) : std::vector<std::string>{}};
    PageFix fix = fix_page(in, options);
    for (auto& w : fix.warnings) diags.add({Severity::warning, path, w.line, 0, std::move(w.message)});
    r.warnings += fix.warnings.size();
    r.sized += fix.sized, r.lazy += fix.lazy, r.high += fix.high, r.preloads += fix.preloads, r.fonts += fix.fonts;
    if (!fix.changed()) continue;
    ++r.changed;
    if (!dry_run)
      if (auto s = disk.write_file(fs::join_path(dir, path), fix.html); !s) diags.error(path, s.error());
  }
  if (options.warnings) r.warnings += check_sources(disk, dir, a, diags);
  return r;
}

uint64_t final_warnings(const pipeline::Analysis& a, bool has_budget, Diagnostics& diags) {
  uint64_t n = 0;
  for (const auto& f : a.files)
    if (f.kind == scan::FileKind::sourcemap) {
      diags.warning(f.path, "source map is public: anyone can read the original sources (upload it to your error "
                            "tracker and leave it out of the deployed folder, or set \"exclude\")");
      ++n;
    }
  if (has_budget) return n;
  for (const auto& e : a.graph.entries) {
    if (a.files[e.file].kind != scan::FileKind::document) continue;
    auto b = pipeline::breakdown(a, e.initial);
    uint64_t js = b.by_type[size_t(pipeline::ResourceType::script)].brotli;
    if (js <= kInitialScriptHint) continue;
    diags.warning(a.files[e.file].path, "initial JavaScript is " + format_bytes(js) +
                                            " brotli, over 500 kB (no budget set): split it, or set one in kiln.json, "
                                            "e.g. \"budget\": {\"types\": {\"script\": \"600 kB\"}}");
    ++n;
  }
  return n;
}

}  // namespace kiln::page
