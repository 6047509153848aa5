// Dependencies against imports, per package.json: unused (listed, never imported, not used
// through configuration or a binary its scripts run), unlisted (imported, listed nowhere),
// and duplicated between dependencies and devDependencies. Packages used without an import
// are kept as knip keeps them, and listed with why (implicit_dependencies): typescript with
// a tsconfig, @types/x of a used x, tsconfig "types", eslint plugins and configs named in
// an .eslintrc, binaries that package.json scripts run.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "source/findings.h"
#include "source/package_exports.h"

namespace kiln::source {

namespace {

// An eslint short name to its package: "react" -> eslint-plugin-react, "@scope" ->
// @scope/eslint-plugin, "@scope/x" -> @scope/eslint-plugin-x (configs alike).
std::string eslint_package(const std::string& name, const std::string& kind) {
  if (name.rfind("eslint-" + kind + "-", 0) == 0) return name;
  if (name[0] == '@') {
    size_t slash = name.find('/');
    if (slash == std::string::npos) return name + "/eslint-" + kind;
    std::string rest = name.substr(slash + 1);
    if (rest.rfind("eslint-" + kind, 0) == 0) return name;
    return name.substr(0, slash) + "/eslint-" + kind + "-" + rest;
  }
  return "eslint-" + kind + "-" + name;
}

// The plugin a "plugin:NAME/CONFIG" extends entry names: "react/recommended" -> react,
// "@typescript-eslint/recommended" -> @typescript-eslint (its package is
// @typescript-eslint/eslint-plugin), "@scope/name/config" -> @scope/name.
std::string eslint_plugin_of(const std::string& ref) {
  size_t slash = ref.find('/');
  if (ref.empty() || ref[0] != '@' || slash == std::string::npos) return ref.substr(0, slash);
  size_t second = ref.find('/', slash + 1);
  return second == std::string::npos ? ref.substr(0, slash) : ref.substr(0, second);
}

// Binary names the scripts run: the first word of each command, after env assignments and
// runners (npx, pnpm exec, yarn, cross-env, dotenv --).
std::set<std::string> script_binaries(const PackageInfo& pkg) {
  std::set<std::string> out;
  for (auto& [name, script] : pkg.scripts) {
    bool command_start = true;
    size_t start = 0;
    while (start < script.size()) {
      size_t end = script.find_first_of(" \t", start);
      if (end == std::string::npos) end = script.size();
      std::string word = script.substr(start, end - start);
      start = end + 1;
      if (word.empty()) continue;
      if (word == "&&" || word == "||" || word == ";" || word == "|" || word == "&") {
        command_start = true;
        continue;
      }
      if (!command_start) continue;
      if (word.find('=') != std::string::npos || word == "npx" || word == "exec" || word == "pnpm" || word == "yarn" ||
          word == "bunx" || word == "cross-env" || word == "--" || word[0] == '-')
        continue;
      out.insert(word);
      command_start = false;
    }
  }
  return out;
}

// The words of the value that follows `import/resolver` in an eslint config (JSON, YAML
// or JS): its keys name resolver packages, `typescript` -> eslint-import-resolver-typescript
// (knip's eslint plugin reads them too). A superset: only listed packages are kept.
std::vector<std::string> import_resolver_words(const std::string& text) {
  std::vector<std::string> out;
  for (size_t at = text.find("import/resolver"); at != std::string::npos; at = text.find("import/resolver", at + 1)) {
    size_t line_start = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
    size_t indent = text.find_first_not_of(" \t", line_start) - line_start;
    size_t p = text.find_first_not_of("\"' \t:", at + 15);
    if (p == std::string::npos) break;
    size_t end = text.size();
    if (text[p] == '{' || text[p] == '[') {  // JSON/JS: to the matching bracket
      int depth = 0;
      for (end = p; end < text.size(); ++end) {
        if (text[end] == '{' || text[end] == '[') ++depth;
        else if ((text[end] == '}' || text[end] == ']') && --depth == 0) break;
      }
    } else if (text[p] == '\n' || text[p] == '\r') {  // YAML: the lines indented deeper
      for (size_t l = text.find('\n', p); l != std::string::npos && l + 1 < text.size(); l = text.find('\n', l + 1)) {
        size_t first = text.find_first_not_of(" \t\r", l + 1);
        if (first == std::string::npos) break;
        if (text[first] == '\n') continue;
        if (first - (l + 1) <= indent) {
          end = l;
          break;
        }
      }
    } else {  // one name
      end = std::min(text.find_first_of(",}\n", p), text.size());
    }
    for (size_t i = p; i < end;) {
      auto word_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '@' || c == '/' || c == '.'; };
      if (!word_char(text[i])) {
        ++i;
        continue;
      }
      size_t e = i;
      while (e < end && word_char(text[e])) ++e;
      out.push_back(text.substr(i, e - i));
      i = e;
    }
  }
  return out;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A YAML file's unquoted scalars: list items (`- x`) and values (`key: x`), comments cut.
std::vector<std::string> yaml_scalars(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, nl - start);
    start = nl + 1;
    if (size_t hash = line.find(" #"); hash != std::string::npos) line.resize(hash);
    size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos || line[b] == '#') continue;
    if (line.compare(b, 2, "- ") == 0) b = line.find_first_not_of(' ', b + 2);
    else if (size_t colon = line.find(": ", b); colon != std::string::npos) b = line.find_first_not_of(' ', colon + 2);
    else continue;
    if (b == std::string::npos) continue;
    size_t e = line.find_last_not_of(" \t\r");
    if (line[b] == '"' || line[b] == '\'' || line[b] == '{' || line[b] == '[' || e < b) continue;
    out.push_back(line.substr(b, e - b + 1));
  }
  return out;
}

// What an `extends: plugin:…` config brings along (a prefix of the reference -> package).
// rxjs: plugin:@nx/typescript sets @typescript-eslint/parser.
constexpr std::pair<std::string_view, std::string_view> kPluginImplies[] = {
    {"plugin:prettier/recommended", "eslint-config-prettier"},
    {"plugin:@typescript-eslint/", "@typescript-eslint/parser"},
    {"plugin:@nx/typescript", "@typescript-eslint/parser"},
    {"plugin:@nx/angular", "@typescript-eslint/parser"},
    {"plugin:@angular-eslint/template/", "@angular-eslint/template-parser"},
    {"plugin:vue/", "vue-eslint-parser"},
    {"plugin:svelte/", "svelte-eslint-parser"},
    {"plugin:astro/", "astro-eslint-parser"},
    {"plugin:jsonc/", "jsonc-eslint-parser"},
    {"plugin:yml/", "yaml-eslint-parser"},
    {"plugin:mdx/", "eslint-mdx"},
};

struct NamedPackage {
  std::string name;
  size_t at = 0;  // offset of the string that names it
};

// Packages a tool's config needs by naming them, listed or not (knip's storybook and vitest
// plugins): .storybook/main.* `addons` and `framework` strings; a vite/vitest config's
// coverage `provider: 'v8'` -> @vitest/coverage-v8 and `environment: 'jsdom'` -> jsdom.
std::vector<NamedPackage> config_named_packages(const std::string& path, const std::string& text) {
  std::vector<NamedPackage> out;
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  // The quoted strings of the value after `key:` (to its matching bracket, or the one string).
  auto strings_of = [&](std::string_view key, auto&& take) {
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
      if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_')) continue;
      size_t p = text.find_first_not_of(" \t'\"", at + key.size());
      if (p == std::string::npos || text[p] != ':') continue;
      p = text.find_first_not_of(" \t\r\n", p + 1);
      if (p == std::string::npos) break;
      size_t end = p;
      if (text[p] == '[' || text[p] == '{') {
        int depth = 0;
        for (; end < text.size(); ++end) {
          if (text[end] == '[' || text[end] == '{') ++depth;
          else if ((text[end] == ']' || text[end] == '}') && --depth == 0) break;
        }
      } else {
        end = std::min(text.find_first_of(",\n}", p), text.size());
      }
      for (size_t i = p; i < end; ++i) {
        char q = text[i];
        if (q != '"' && q != '\'' && q != '`') continue;
        size_t e = text.find(q, i + 1);
        if (e == std::string::npos || e > end) break;
        take(text.substr(i + 1, e - i - 1), i + 1);
        i = e;
      }
    }
  };
  auto package = [&](const std::string& s, size_t at) {
    std::string name = s.empty() || s[0] == '.' || s[0] == '/' ? "" : package_name_of(s);
    if (!name.empty()) out.push_back({name, at});
  };
  if (path.find(".storybook/main.") != std::string::npos) {
    strings_of("addons", package);
    strings_of("framework", [&](const std::string& s, size_t at) {
      if (s.find('/') != std::string::npos || s.rfind("@", 0) == 0) package(s, at);
    });
  }
  if (base.rfind("vite.config.", 0) == 0 || base.rfind("vitest.config.", 0) == 0 || base.rfind("vitest.workspace.", 0) == 0) {
    bool provider = false;
    strings_of("provider", [&](const std::string& s, size_t at) {
      if (s == "v8" || s == "istanbul") out.push_back({"@vitest/coverage-" + s, at}), provider = true;
    });
    // `coverage: { … }` without a provider is v8's (bulletproof-react: knip lists it too).
    if (size_t at = text.find("coverage:"); !provider && at != std::string::npos &&
                                            text.find_first_not_of(" \t\r\n", at + 9) != std::string::npos &&
                                            text[text.find_first_not_of(" \t\r\n", at + 9)] == '{')
      out.push_back({"@vitest/coverage-v8", at});
    strings_of("environment", [&](const std::string& s, size_t at) {
      if (s == "jsdom" || s == "happy-dom") out.push_back({s, at});
      else if (s == "edge-runtime") out.push_back({"@edge-runtime/vm", at});
    });
  }
  return out;
}

}  // namespace

// Quoted strings in a config file's text (JSON, YAML or JS alike).
std::vector<std::string> quoted_strings(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); ++i) {
    char q = text[i];
    if (q != '"' && q != '\'') continue;
    size_t e = text.find(q, i + 1);
    if (e == std::string::npos || e - i > 200) continue;
    out.push_back(text.substr(i + 1, e - i - 1));
    i = e;
  }
  return out;
}

void find_dependency_issues(fs::Disk& disk, const SourceGraph& g, const FindingOptions& options, Findings& f) {
  const auto& project = g.project;
  std::map<const PackageInfo*, std::set<std::string>> used;
  for (auto& u : g.packages) {
    const auto* pkg = project.package_of(g.modules[u.from].path);
    used[pkg].insert(u.package);
  }
  std::set<std::string> implicit;
  auto keep = [&](std::set<std::string>& into, const std::string& name, const std::string& why) {
    if (into.insert(name).second) implicit.insert(name + " (" + why + ")");
  };
  bool any_ts = std::any_of(g.modules.begin(), g.modules.end(), [](const SourceModule& m) {
    return m.syntax == SourceSyntax::typescript || m.syntax == SourceSyntax::tsx;
  });
  const PackageInfo* root = project.packages.empty() || !project.packages.front().dir.empty() ? nullptr : &project.packages.front();
  for (auto& pkg : project.packages) {
    auto& u = used[&pkg];
    auto listed = [&](const std::string& name) {
      for (auto* p : {&pkg, root})
        if (p)
          for (auto& d : p->deps)
            if (d.name == name) return true;
      return false;
    };
    auto ships_types = [&](const std::string& name) {
      if (!options.read_node_modules) return false;
      auto text = disk.read_file(fs::join_path(project.root, pkg.dir + "node_modules/" + name + "/package.json"));
      if (!text && !pkg.dir.empty()) text = disk.read_file(fs::join_path(project.root, "node_modules/" + name + "/package.json"));
      if (!text) return false;
      std::string error;
      auto j = parse_ordered_json(*text, name, false, error);
      if (!j || !j->is_object()) return false;
      for (const char* field : {"types", "typings"})
        if (auto it = j->find(field); it != j->end() && it->is_string() && !it->get<std::string>().empty()) return true;
      return false;
    };
    if (!project.tsconfigs.empty() || any_ts) keep(u, "typescript", "tsconfig.json / .ts files");
    for (auto& c : project.tsconfigs) {
      for (auto& t : c.types) keep(u, listed("@types/" + t) ? "@types/" + t : t, c.file + " types");
      for (auto& name : c.packages)
        if (listed(name)) keep(u, name, c.file + " names it");
    }
    if (g.builtin_imports > 0) keep(u, "@types/node", "node built-ins imported");
    for (auto& name : std::vector<std::string>(u.begin(), u.end()))
      if (name[0] != '@' || name.find('/') != std::string::npos) {
        std::string types = name[0] == '@' ? "@types/" + name.substr(1, name.find('/') - 1) + "__" + name.substr(name.find('/') + 1)
                                           : "@types/" + name;
        // A package that ships its own types (package.json `types`/`typings`) makes its
        // @types/ package unused, as knip reports it (bulletproof-react: dompurify, marked).
        if (listed(types) && !ships_types(name)) keep(u, types, "types of " + name);
      }
    // eslint configuration.
    for (auto& m : g.modules) {
      std::string base = m.path.substr(m.path.rfind('/') == std::string::npos ? 0 : m.path.rfind('/') + 1);
      if (project.package_of(m.path) != &pkg) continue;
      bool eslintrc = base.rfind(".eslintrc", 0) == 0;
      // Tool configs name packages as strings: storybook addons, test.environment 'jsdom'.
      if (!eslintrc && !is_tool_config(m.path)) continue;
      auto text = disk.read_file(fs::join_path(project.root, m.path));
      if (!text) continue;
      for (auto& w : import_resolver_words(*text)) {
        std::string name = w.rfind("eslint-import-resolver-", 0) == 0 ? w : "eslint-import-resolver-" + w;
        if (listed(name)) keep(u, name, m.path + " import/resolver");
      }
      for (auto& named : config_named_packages(m.path, *text)) {
        if (listed(named.name)) {
          keep(u, named.name, m.path);
        } else if (!is_node_builtin(named.name)) {
          DependencyFinding d{m.path, named.name, "config", 0, 0, 0};
          d.line = 1 + static_cast<uint32_t>(std::count(text->begin(), text->begin() + static_cast<long>(named.at), '\n'));
          size_t nl = text->rfind('\n', named.at);
          d.column = static_cast<uint32_t>(nl == std::string::npos ? named.at + 1 : named.at - nl);
          f.unlisted.push_back(std::move(d));
        }
      }
      if (!eslintrc) {
        for (auto& s : quoted_strings(*text))
          if (listed(s)) keep(u, s, m.path);
        // postcss.config.cjs: the tool itself, and plugins as bare keys (`autoprefixer: {}`).
        if (size_t dot = base.find(".config."); dot != std::string::npos && listed(base.substr(0, dot)))
          keep(u, base.substr(0, dot), m.path);
        for (size_t at = 0; (at = text->find(':', at)) != std::string::npos; ++at) {
          size_t b = at;
          while (b > 0 && (std::isalnum(static_cast<unsigned char>((*text)[b - 1])) || (*text)[b - 1] == '-' || (*text)[b - 1] == '_')) --b;
          if (b < at && listed(text->substr(b, at - b))) keep(u, text->substr(b, at - b), m.path);
        }
        continue;
      }
      keep(u, "eslint", m.path);
      auto names = quoted_strings(*text);
      if (!ends_with(base, ".js") && !ends_with(base, ".cjs") && !ends_with(base, ".json")) {
        auto plain = yaml_scalars(*text);  // .eslintrc.yml: `- plugin:import/recommended`
        names.insert(names.end(), plain.begin(), plain.end());
      }
      for (auto& s : names) {
        if (s.rfind("plugin:", 0) == 0) {
          keep(u, eslint_package(eslint_plugin_of(s.substr(7)), "plugin"), m.path);
          // A plugin's shared config sets a parser or extends a config that the app installs
          // beside the plugin (knip finds them by loading the config).
          for (const auto& rule : kPluginImplies) {
            std::string implied(rule.second);
            if (s.rfind(rule.first, 0) == 0 && listed(implied)) keep(u, implied, m.path + " " + s);
          }
        }
        else if (listed(eslint_package(s, "plugin"))) keep(u, eslint_package(s, "plugin"), m.path);
        else if (listed(eslint_package(s, "config"))) keep(u, eslint_package(s, "config"), m.path);
        else if (listed(package_name_of(s))) keep(u, package_name_of(s), m.path);
      }
    }
    // Binaries the scripts run, matched against each dependency's "bin" (or its name).
    auto bins = script_binaries(pkg);
    // A workspace package's scripts may run a binary only the root lists (rxjs: tshy, vitest).
    std::vector<std::pair<const DependencyEntry*, std::set<std::string>*>> candidates;
    for (auto& d : pkg.deps) candidates.emplace_back(&d, &u);
    if (root && root != &pkg)
      for (auto& d : root->deps) candidates.emplace_back(&d, &used[root]);
    for (auto& [dep, into] : candidates) {
      const auto& d = *dep;
      auto& into_set = *into;
      if (bins.count(d.name)) keep(into_set, d.name, "scripts run " + d.name);
      if (!options.read_node_modules || bins.empty()) continue;
      auto text = disk.read_file(fs::join_path(project.root, pkg.dir + "node_modules/" + d.name + "/package.json"));
      if (!text) text = disk.read_file(fs::join_path(project.root, "node_modules/" + d.name + "/package.json"));
      if (!text) continue;
      std::string error;
      auto j = parse_ordered_json(*text, d.name, false, error);
      if (!j || !j->is_object() || !j->contains("bin")) continue;
      const auto& bin = (*j)["bin"];
      std::string last = d.name.substr(d.name.rfind('/') + 1);
      if (bin.is_string() && bins.count(last)) keep(into_set, d.name, "scripts run " + last);
      if (bin.is_object())
        for (auto& [name, v] : bin.items())
          if (bins.count(name)) keep(into_set, d.name, "scripts run " + name);
    }
    for (auto& ig : project.config.ignore_dependencies) keep(u, ig, "kiln.json graph.ignoreDependencies");
    for (auto& d : pkg.deps)
      if (std::find(pkg.keys.begin(), pkg.keys.end(), d.name) != pkg.keys.end()) keep(u, d.name, pkg.file + " key");
    // What a workspace package uses but does not list, the root's listing provides: a use
    // of the root's dependency (rxjs: vitest imported by packages/rxjs/vitest.config.ts).
    if (root && root != &pkg)
      for (auto& name : u)
        if (std::none_of(pkg.deps.begin(), pkg.deps.end(), [&](const DependencyEntry& d) { return d.name == name; }))
          used[root].insert(name);
  }
  for (auto& pkg : project.packages) {
    auto& u = used[&pkg];

    std::map<std::string, const DependencyEntry*> prod;
    for (auto& d : pkg.deps) {
      if (d.section == "dependencies") prod[d.name] = &d;
      if (d.section == "devDependencies" && prod.count(d.name))
        f.duplicates.push_back(DependencyFinding{pkg.file, d.name, d.section, d.line, d.column, d.pos});
      if ((d.section == "dependencies" || d.section == "devDependencies") && !u.count(d.name))
        f.unused_dependencies.push_back(DependencyFinding{pkg.file, d.name, d.section, d.line, d.column, d.pos});
    }
  }
  for (auto& use : g.packages) {
    const auto* pkg = project.package_of(g.modules[use.from].path);
    auto in = [&](const PackageInfo* p, const std::string& name) {
      return p && std::any_of(p->deps.begin(), p->deps.end(), [&](const DependencyEntry& d) { return d.name == name; });
    };
    std::string types = "@types/" + use.package;
    if (in(pkg, use.package) || in(root, use.package) || (pkg && pkg->name == use.package)) continue;
    if (use.type_only && (in(pkg, types) || in(root, types))) continue;
    if (std::any_of(project.config.ignore_dependencies.begin(), project.config.ignore_dependencies.end(),
                    [&](const std::string& s) { return s == use.package; }))
      continue;
    f.unlisted.push_back(DependencyFinding{g.modules[use.from].path, use.package, "", use.line, use.column, 0});
  }
  f.implicit_dependencies.assign(implicit.begin(), implicit.end());
}

}  // namespace kiln::source
