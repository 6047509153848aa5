// kiln.json's "graph" section and the root .gitignore: what the user tells source mode
// before it looks at any file.
#include "core/json_reader.h"
#include "source/project.h"

namespace kiln::source {

void load_graph_config(fs::Disk& disk, const std::string& root, Project& p, Diagnostics& diags) {
  if (auto ignore = disk.read_file(fs::join_path(root, ".gitignore"))) {
    size_t start = 0;
    const std::string& t = *ignore;
    while (start < t.size()) {
      size_t nl = t.find('\n', start);
      if (nl == std::string::npos) nl = t.size();
      std::string line = t.substr(start, nl - start);
      start = nl + 1;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '/')) line.pop_back();
      if (line.empty() || line[0] == '#' || line[0] == '!') continue;
      if (line[0] == '/') line.erase(0, 1);
      if (!line.empty()) p.gitignore.push_back(line);
    }
  }
  std::string file = fs::join_path(root, "kiln.json");
  auto st = disk.stat(file);
  if (!st || st->type != fs::EntryType::file) return;
  auto text = disk.read_file(file);
  if (!text) return diags.error("kiln.json", text.error());
  auto j = parse_json_text(*text, "kiln.json", true);
  if (!j) return diags.error("", j.error());
  auto it = j->find("graph");
  if (it == j->end()) return;
  std::vector<std::string> errors;
  ObjectReader r(*it, "graph", errors);
  r.get("entries", p.config.entries);
  r.get("ignore", p.config.ignore);
  r.get("ignoreDependencies", p.config.ignore_dependencies);
  if (const auto* alias = r.object("alias")) {
    for (auto& [k, v] : alias->items()) {
      if (v.is_string()) p.config.alias.emplace_back(k, v.get<std::string>());
      else errors.push_back("graph.alias." + k + ": expected a path string");
    }
  }
  if (const auto* conv = r.object("conventions")) {
    ObjectReader c(*conv, "graph.conventions", errors);
    auto& cv = p.config.conventions;
    c.get("vite", cv.vite), c.get("next", cv.next), c.get("tests", cv.tests);
    c.get("configs", cv.configs), c.get("index", cv.index), c.get("storybook", cv.storybook);
    c.finish();
  }
  r.finish();
  for (auto& e : errors) diags.error("kiln.json", e);
}

}  // namespace kiln::source
