// tsconfig.json / jsconfig.json: `compilerOptions.baseUrl`, `paths` and `types`, with the
// `extends` chain (a relative file, or a file of a package in node_modules; TS 5's array
// form) flattened the way TypeScript does: a config's own options override its bases',
// `paths` targets are relative to the effective baseUrl, else to the config that declared
// them.
#include <string>

#include "source/package_exports.h"
#include "source/project.h"

namespace kiln::source {

std::string normalize_path(const std::string& path);

namespace {

std::string dir_of(const std::string& file) {
  size_t slash = file.rfind('/');
  return slash == std::string::npos ? "" : file.substr(0, slash + 1);
}

bool is_file(fs::Disk& disk, const std::string& root, const std::string& rel) {
  auto st = disk.stat(fs::join_path(root, rel));
  return st && st->type == fs::EntryType::file;
}

// Where `extends: spec` of the config at `file` points, relative to the root; empty when
// nothing is there.
std::string find_base(fs::Disk& disk, const std::string& root, const std::string& file, const std::string& spec) {
  auto candidates = [](const std::string& base) {
    return std::vector<std::string>{base, base + ".json", base + "/tsconfig.json"};
  };
  if (spec.rfind("./", 0) == 0 || spec.rfind("../", 0) == 0 || spec.rfind("/", 0) == 0) {
    std::string base = spec[0] == '/' ? spec : normalize_path(dir_of(file) + spec);
    for (auto& c : candidates(base))
      if (is_file(disk, root, c)) return c;
    return {};
  }
  // A package: node_modules in the config's folder and every folder above it.
  std::string dir = dir_of(file);
  for (;;) {
    for (auto& c : candidates(normalize_path(dir + "node_modules/" + spec)))
      if (is_file(disk, root, c)) return c;
    if (dir.empty()) return {};
    dir = dir_of(dir.substr(0, dir.size() - 1));
  }
}

}  // namespace

struct PathsDraft {
  std::vector<std::pair<std::string, std::vector<std::string>>> raw;
  std::string declared_in;
};

void load_tsconfig_into(fs::Disk& disk, const std::string& root, const std::string& file, TsConfig& out,
                        PathsDraft& draft, int depth, Diagnostics& diags) {
  if (depth > 16) return diags.warning(file, "tsconfig extends chain deeper than 16; stopped here");
  auto text = disk.read_file(fs::join_path(root, file));
  if (!text) return diags.warning(file, text.error());
  std::string error;
  auto j = parse_ordered_json(*text, file, true, error);
  if (!j || !j->is_object()) return diags.warning(file, j ? "not a JSON object" : error);
  if (auto it = j->find("extends"); it != j->end()) {
    std::vector<std::string> bases;
    if (it->is_string()) bases.push_back(it->get<std::string>());
    else if (it->is_array())
      for (auto& b : *it)
        if (b.is_string()) bases.push_back(b.get<std::string>());
    for (auto& b : bases) {
      bool own = file.find("node_modules/") == std::string::npos;
      if (own && b.rfind("./", 0) != 0 && b.rfind("../", 0) != 0 && b.rfind("/", 0) != 0 && !package_name_of(b).empty())
        out.packages.push_back(package_name_of(b));
      std::string found = find_base(disk, root, file, b);
      if (found.empty()) diags.warning(file, "tsconfig extends '" + b + "', which was not found");
      else load_tsconfig_into(disk, root, found, out, draft, depth + 1, diags);
    }
  }
  auto co = j->find("compilerOptions");
  if (co == j->end() || !co->is_object()) return;
  if (auto b = co->find("baseUrl"); b != co->end() && b->is_string()) {
    out.has_base_url = true;
    out.base_url = normalize_path(dir_of(file) + b->get<std::string>());
    if (!out.base_url.empty()) out.base_url += '/';
  }
  if (auto p = co->find("paths"); p != co->end() && p->is_object()) {
    draft.raw.clear();
    draft.declared_in = dir_of(file);
    for (auto& [pattern, targets] : p->items()) {
      std::vector<std::string> t;
      if (targets.is_array())
        for (auto& x : targets)
          if (x.is_string()) t.push_back(x.get<std::string>());
      draft.raw.emplace_back(pattern, std::move(t));
    }
  }
  if (file.find("node_modules/") == std::string::npos) {
    if (auto p = co->find("plugins"); p != co->end() && p->is_array())
      for (auto& x : *p)
        if (x.is_object() && x.contains("name") && x["name"].is_string())
          out.packages.push_back(package_name_of(x["name"].get<std::string>()));
    if (auto x = co->find("jsxImportSource"); x != co->end() && x->is_string())
      out.packages.push_back(package_name_of(x->get<std::string>()));
    if (auto x = co->find("importHelpers"); x != co->end() && x->is_boolean() && x->get<bool>())
      out.packages.push_back("tslib");
  }
  if (auto t = co->find("types"); t != co->end() && t->is_array()) {
    out.types.clear();
    for (auto& x : *t)
      if (x.is_string()) out.types.push_back(x.get<std::string>());
  }
}

void load_tsconfig(fs::Disk& disk, const std::string& root, const std::string& file, TsConfig& out, int depth,
                   Diagnostics& diags) {
  PathsDraft draft;
  load_tsconfig_into(disk, root, file, out, draft, depth, diags);
  std::string base = out.has_base_url ? out.base_url : draft.declared_in;
  for (auto& [pattern, targets] : draft.raw) {
    TsPaths tp{pattern, {}};
    for (auto& t : targets) tp.targets.push_back(normalize_path(base + t) + (t.size() && t.back() == '/' ? "/" : ""));
    out.paths.push_back(std::move(tp));
  }
}

}  // namespace kiln::source
