#include "source/project.h"

#include <algorithm>

#include "core/json_reader.h"

namespace kiln::source {

namespace {

std::string dir_of(const std::string& file) {
  size_t slash = file.rfind('/');
  return slash == std::string::npos ? "" : file.substr(0, slash + 1);
}

// "a/b/../c/./d" -> "a/c/d"; keeps a leading "../" that climbs above the root.
std::string normalize(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string seg = path.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else parts.push_back(seg);
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// Blanks the commas that JSON forbids and tsconfig allows (before } or ]), outside
// strings and comments, keeping every byte's line and column.
std::string without_trailing_commas(std::string_view text) {
  std::string s(text);
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') i = std::min(s.find('\n', i), s.size());
    else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') i = std::min(s.find("*/", i + 2) + 1, s.size());
    else if (c == ',') {
      size_t j = s.find_first_not_of(" \t\r\n", i + 1);
      if (j != std::string::npos && (s[j] == '}' || s[j] == ']')) s[i] = ' ';
    }
  }
  return s;
}

void position_in(std::string_view text, size_t at, DependencyEntry& d) {
  d.pos = static_cast<uint32_t>(at);
  d.line = 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  d.column = static_cast<uint32_t>(nl == std::string_view::npos ? at + 1 : at - nl);
}

std::string str(const nlohmann::ordered_json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void load_package(const std::string& file, std::string_view text, const nlohmann::ordered_json& j, Project& p) {
  PackageInfo pkg;
  pkg.file = file;
  pkg.dir = dir_of(file);
  pkg.name = str(j, "name");
  pkg.is_module = str(j, "type") == "module";
  pkg.main = str(j, "main"), pkg.module = str(j, "module"), pkg.types = str(j, "types");
  if (pkg.types.empty()) pkg.types = str(j, "typings");
  pkg.browser = str(j, "browser");
  if (auto it = j.find("exports"); it != j.end()) pkg.exports = std::make_shared<nlohmann::ordered_json>(*it);
  if (auto it = j.find("imports"); it != j.end() && it->is_object()) pkg.imports = std::make_shared<nlohmann::ordered_json>(*it);
  if (auto it = j.find("bin"); it != j.end()) {
    if (it->is_string()) pkg.bins.push_back(it->get<std::string>());
    else if (it->is_object())
      for (auto& [k, v] : it->items())
        if (v.is_string()) pkg.bins.push_back(v.get<std::string>());
  }
  for (const char* section : {"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}) {
    auto it = j.find(section);
    if (it == j.end() || !it->is_object()) continue;
    size_t section_at = text.find(std::string("\"") + section + "\"");
    for (auto& [name, v] : it->items()) {
      DependencyEntry d{name, section, 0, 0, 0};
      size_t at = text.find("\"" + name + "\"", section_at == std::string_view::npos ? 0 : section_at);
      if (at != std::string_view::npos) position_in(text, at, d);
      pkg.deps.push_back(std::move(d));
    }
  }
  if (auto it = j.find("scripts"); it != j.end() && it->is_object())
    for (auto& [k, v] : it->items())
      if (v.is_string()) pkg.scripts.emplace_back(k, v.get<std::string>());
  // husky 4 hooks in package.json run commands as scripts do (rxjs: commit-msg runs
  // `node scripts/release/validate-commit-message.mjs`, pre-commit runs lint-staged).
  if (auto h = j.find("husky"); h != j.end() && h->is_object())
    if (auto it = h->find("hooks"); it != h->end() && it->is_object())
      for (auto& [k, v] : it->items())
        if (v.is_string()) pkg.scripts.emplace_back("husky.hooks." + k, v.get<std::string>());
  // lint-staged commands in package.json run as scripts do (knip's lint-staged plugin).
  if (auto ls = j.find("lint-staged"); ls != j.end() && ls->is_object())
    for (auto& [glob, v] : ls->items())
      for (auto& cmd : v.is_array() ? v : nlohmann::ordered_json::array({v}))
        if (cmd.is_string()) pkg.scripts.emplace_back("lint-staged " + glob, cmd.get<std::string>());
  // Tools configured under their own key (husky, lint-staged, prettier, jest, eslintConfig).
  for (auto& [k, v] : j.items()) pkg.keys.push_back(k == "eslintConfig" ? "eslint" : k);
  if (auto it = j.find("workspaces"); it != j.end()) {
    const auto* list = &*it;
    if (it->is_object() && it->contains("packages")) list = &(*it)["packages"];
    if (list->is_array())
      for (auto& w : *list)
        if (w.is_string()) pkg.workspaces.push_back(w.get<std::string>());
  }
  p.packages.push_back(std::move(pkg));
}

// pnpm-workspace.yaml's `packages:` list (the only key kiln needs), read line by line.
bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The commands of a GitHub Actions workflow's `run:` steps (one line, or a `|`/`>` block),
// which run repository scripts as package.json scripts do (knip's github-actions plugin
// reads them too; rxjs: `node scripts/release/validate-pr-title.mjs`).
std::vector<std::string> workflow_commands(std::string_view text) {
  std::vector<std::string> out;
  size_t block_indent = std::string::npos;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string line(text.substr(pos, eol - pos));
    pos = eol + 1;
    size_t indent = line.find_first_not_of(" \t");
    if (indent == std::string::npos) continue;
    if (block_indent != std::string::npos) {
      if (indent > block_indent) {
        out.push_back(line.substr(indent));
        continue;
      }
      block_indent = std::string::npos;
    }
    size_t key = indent;
    if (line.compare(key, 2, "- ") == 0) key = line.find_first_not_of(' ', key + 1);
    if (line.compare(key, 4, "run:") != 0) continue;
    std::string rest = line.substr(line.find_first_not_of(' ', key + 4) == std::string::npos ? line.size()
                                                                                             : line.find_first_not_of(' ', key + 4));
    if (!rest.empty() && (rest[0] == '|' || rest[0] == '>')) block_indent = indent;
    else if (!rest.empty()) out.push_back(rest);
  }
  return out;
}

std::vector<std::string> pnpm_workspaces(std::string_view text) {
  std::vector<std::string> out;
  bool in_packages = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    start = nl + 1;
    if (!line.empty() && line[0] != ' ' && line[0] != '-' && line[0] != '#') in_packages = line.rfind("packages:", 0) == 0;
    size_t dash = line.find_first_not_of(" \t");
    if (!in_packages || dash == std::string_view::npos || line[dash] != '-') continue;
    auto v = line.substr(dash + 1);
    size_t b = v.find_first_not_of(" \t\"'"), e = v.find_last_not_of(" \t\r\"'");
    if (b != std::string_view::npos && e != std::string_view::npos && e >= b) out.emplace_back(v.substr(b, e - b + 1));
  }
  return out;
}

}  // namespace

std::optional<nlohmann::ordered_json> parse_ordered_json(std::string_view text, const std::string& name, bool lenient,
                                                         std::string& error) {
  std::string cleaned = lenient ? without_trailing_commas(text) : std::string(text);
  auto j = nlohmann::ordered_json::parse(cleaned, nullptr, false, lenient);
  if (!j.is_discarded()) return j;
  auto checked = parse_json_text(cleaned, name, lenient);  // for its message
  error = checked ? name + ": invalid JSON" : checked.error();
  return std::nullopt;
}

void load_tsconfig(fs::Disk& disk, const std::string& root, const std::string& file, TsConfig& out, int depth,
                   Diagnostics& diags);

void load_project_files(fs::Disk& disk, const std::vector<std::string>& files, Project& p, Diagnostics& diags) {
  std::vector<std::string> pnpm;
  std::vector<std::pair<std::string, std::string>> workflow_scripts;
  for (auto& f : files) {
    std::string name = f.substr(f.rfind('/') == std::string::npos ? 0 : f.rfind('/') + 1);
    bool pkg = name == "package.json";
    bool ts = name == "tsconfig.json" || name == "jsconfig.json";
    bool workflow = f.rfind(".github/workflows/", 0) == 0 && (ends_with(f, ".yml") || ends_with(f, ".yaml"));
    if (!pkg && !ts && !workflow && name != "pnpm-workspace.yaml") continue;
    auto text = disk.read_file(fs::join_path(p.root, f));
    if (!text) {
      diags.error(f, text.error());
      continue;
    }
    if (workflow) {
      for (auto& cmd : workflow_commands(*text)) workflow_scripts.emplace_back("github " + f, std::move(cmd));
      continue;
    }
    if (name == "pnpm-workspace.yaml") {
      if (f == name) pnpm = pnpm_workspaces(*text);
      continue;
    }
    if (ts) {
      if (!p.tsconfigs.empty() && p.tsconfigs.back().dir == dir_of(f)) continue;  // tsconfig beats jsconfig
      TsConfig c;
      c.dir = dir_of(f);
      c.file = f;
      load_tsconfig(disk, p.root, f, c, 0, diags);
      p.tsconfigs.push_back(std::move(c));
      continue;
    }
    std::string error;
    auto j = parse_ordered_json(*text, f, false, error);
    if (!j) {
      diags.error(f, error.substr(f.size() + (error.size() > f.size() + 2 ? 2 : 0)));
      continue;
    }
    if (j->is_object()) load_package(f, *text, *j, p);
  }
  auto by_dir = [](const auto& a, const auto& b) { return a.dir < b.dir; };
  std::stable_sort(p.packages.begin(), p.packages.end(), by_dir);
  std::stable_sort(p.tsconfigs.begin(), p.tsconfigs.end(), by_dir);
  if (!p.packages.empty() && p.packages.front().dir.empty()) {
    p.packages.front().workspaces.insert(p.packages.front().workspaces.end(), pnpm.begin(), pnpm.end());
    auto& scripts = p.packages.front().scripts;
    scripts.insert(scripts.end(), workflow_scripts.begin(), workflow_scripts.end());
  }
}

const PackageInfo* Project::package_of(const std::string& file) const {
  const PackageInfo* best = nullptr;
  for (auto& pkg : packages)
    if (file.compare(0, pkg.dir.size(), pkg.dir) == 0 && (!best || pkg.dir.size() > best->dir.size())) best = &pkg;
  return best;
}

const TsConfig* Project::tsconfig_of(const std::string& file) const {
  const TsConfig* best = nullptr;
  for (auto& c : tsconfigs)
    if (file.compare(0, c.dir.size(), c.dir) == 0 && (!best || c.dir.size() > best->dir.size())) best = &c;
  return best;
}

const PackageInfo* Project::package_named(const std::string& name) const {
  for (auto& pkg : packages)
    if (!name.empty() && pkg.name == name) return &pkg;
  return nullptr;
}

std::string normalize_path(const std::string& path) { return normalize(path); }

}  // namespace kiln::source
