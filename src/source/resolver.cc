#include "source/resolver.h"

#include <algorithm>

#include "core/glob.h"
#include "source/package_exports.h"

namespace kiln::source {

namespace {

std::string dir_of(const std::string& file) {
  size_t slash = file.rfind('/');
  return slash == std::string::npos ? "" : file.substr(0, slash + 1);
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

constexpr std::string_view kScriptExtensions[] = {".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs",
                                                  ".mts", ".cts", ".vue", ".svelte", ".json"};
constexpr std::string_view kStyleExtensions[] = {".css", ".scss", ".sass", ".less"};

// TypeScript maps an output extension back to its source: ./a.js finds a.ts or a.tsx.
constexpr std::pair<std::string_view, std::string_view> kSourceOf[] = {
    {".js", ".ts"}, {".js", ".tsx"}, {".jsx", ".tsx"}, {".mjs", ".mts"}, {".cjs", ".cts"}, {".js", ".d.ts"}};

}  // namespace

Resolver::Resolver(const Project& project, const std::vector<std::string>& files) : project_(project), files_(files) {}

std::optional<uint32_t> Resolver::find(const std::string& path) const {
  auto it = std::lower_bound(files_.begin(), files_.end(), path);
  if (it == files_.end() || *it != path) return std::nullopt;
  return static_cast<uint32_t>(it - files_.begin());
}

std::optional<uint32_t> Resolver::probe_into(const std::string& raw, bool css, std::vector<std::string>* tried) const {
  std::string path = normalize_path(raw);
  if (path.empty() || path.rfind("../", 0) == 0) return std::nullopt;
  if (tried) tried->push_back(path);
  if (auto f = find(path)) return f;
  for (auto [out, src] : kSourceOf)
    if (ends_with(path, out))
      if (auto f = find(path.substr(0, path.size() - out.size()) + std::string(src))) return f;
  if (css) {
    for (auto ext : kStyleExtensions) {
      if (auto f = find(path + std::string(ext))) return f;
      // Sass partials: @use 'a/b' finds a/_b.scss.
      std::string d = dir_of(path);
      if (auto f = find(d + "_" + path.substr(d.size()) + std::string(ext))) return f;
    }
  }
  for (auto ext : kScriptExtensions)
    if (auto f = find(path + std::string(ext))) return f;
  if (tried) tried->push_back(path + "/index");
  for (auto ext : kScriptExtensions)
    if (auto f = find(path + "/index" + std::string(ext))) return f;
  if (css)
    for (auto ext : kStyleExtensions)
      if (auto f = find(path + "/index" + std::string(ext))) return f;
  return std::nullopt;
}

std::optional<uint32_t> Resolver::probe(const std::string& path, bool css) const { return probe_into(path, css, nullptr); }

// A workspace package's entry often names its build output (dist/index.js), which a source
// checkout lacks: the sources beside it (src/index.ts) are what the app really imports.
std::optional<uint32_t> Resolver::from_dist(const std::string& path) const {
  for (std::string_view out : {"dist/", "lib/", "build/", "out/", "esm/", "cjs/"}) {
    size_t at = path.find(out);
    if (at == std::string::npos || (at > 0 && path[at - 1] != '/')) continue;
    std::string src = path.substr(0, at);
    src.append("src/").append(path, at + out.size());
    size_t cut = src.size();
    for (std::string_view ext : {".d.ts", ".d.mts", ".mjs", ".cjs", ".js"})
      if (ends_with(src, ext)) {
        cut -= ext.size();
        break;
      }
    if (auto f = probe(src.substr(0, cut))) return f;
    // One flavour folder under the output (tshy's dist/esm/, dist/cjs/, dist/types/): the
    // sources have no such level (rxjs: dist/esm/index.d.ts is src/index.ts).
    size_t rest = at + 4;  // after "src/" in `src`
    if (size_t slash = src.find('/', rest); slash != std::string::npos && slash < cut)
      if (auto f = probe(src.substr(0, rest) + src.substr(slash + 1, cut - slash - 1))) return f;
  }
  return std::nullopt;
}

std::optional<uint32_t> Resolver::package_entry(const PackageInfo& pkg, const std::string& subpath, bool require,
                                                std::vector<std::string>* tried) const {
  static const std::vector<std::string> kImport = {"types", "import", "module", "browser", "development", "node"};
  static const std::vector<std::string> kRequire = {"types", "require", "module", "browser", "development", "node"};
  auto land = [&](const std::string& target) -> std::optional<uint32_t> {
    std::string path = pkg.dir + (target.rfind("./", 0) == 0 ? target.substr(2) : target);
    if (auto f = probe_into(path, false, tried)) return f;
    return from_dist(normalize_path(path));
  };
  if (pkg.exports) {
    auto t = match_package_map(*pkg.exports, subpath, require ? kRequire : kImport);
    if (!t) {
      if (tried) tried->push_back(pkg.file + " exports has no '" + subpath + "'");
      return std::nullopt;
    }
    return land(*t);
  }
  if (subpath != ".") return land(subpath);
  for (const std::string* field : {&pkg.types, &pkg.module, &pkg.browser, &pkg.main})
    if (!field->empty())
      if (auto f = land(*field)) return f;
  return land("index");
}

Resolution Resolver::resolve(const std::string& from, const std::string& specifier, ImportKind kind) const {
  Resolution r;
  std::string spec = specifier;
  bool css = kind == ImportKind::css_import;
  if (spec.empty() || spec.rfind("data:", 0) == 0 || spec.rfind("http:", 0) == 0 || spec.rfind("https:", 0) == 0 ||
      spec.rfind("//", 0) == 0) {
    r.target = Target::skipped;
    return r;
  }
  // Bundler suffixes (?raw, ?url, ?worker&inline) and fragments are not part of the path.
  if (spec[0] != '#')
    if (size_t q = spec.find_first_of("?#"); q != std::string::npos && q > 0) spec.resize(q);
  auto found = [&](uint32_t f) {
    r.target = Target::file, r.file = f;
    return r;
  };
  if (css && spec.rfind("~", 0) == 0) spec.erase(0, 1);  // webpack's sass-loader: ~pkg
  // new URL('../..', import.meta.url) names a folder (a cwd, a package root), not a module
  // (rxjs scripts/release/beta.mjs).
  if (kind == ImportKind::url && (spec.back() == '/' || spec == "." || spec == ".." || ends_with(spec, "/.") ||
                                  ends_with(spec, "/.."))) {
    r.target = Target::skipped;
    return r;
  }
  bool relative = spec.rfind("./", 0) == 0 || spec.rfind("../", 0) == 0 || spec == "." || spec == "..";
  if (relative || (css && spec.find(':') == std::string::npos && package_name_of(spec).empty() == false &&
                   probe(dir_of(from) + spec, true))) {
    if (auto f = probe_into(dir_of(from) + spec, css, &r.tried)) return found(*f);
    if (kind == ImportKind::url) {  // new URL('../skill', import.meta.url): a folder with files
      std::string dir = normalize_path(dir_of(from) + spec) + "/";
      auto it = std::lower_bound(files_.begin(), files_.end(), dir);
      if (it != files_.end() && it->rfind(dir, 0) == 0) r.target = Target::skipped, r.tried.clear();
    }
    return r;
  }
  if (spec[0] == '/') {  // Vite: the project root (the importer's package, then the root)
    if (const auto* pkg = project_.package_of(from); pkg && !pkg->dir.empty())
      if (auto f = probe_into(pkg->dir + spec.substr(1), css, &r.tried)) return found(*f);
    if (auto f = probe_into(spec.substr(1), css, &r.tried)) return found(*f);
    return r;
  }
  for (auto& [prefix, target] : project_.config.alias) {
    if (spec != prefix && spec.rfind(prefix + "/", 0) != 0) continue;
    if (auto f = probe_into(target + spec.substr(prefix.size()), css, &r.tried)) return found(*f);
    return r;
  }
  if (spec[0] == '#') {
    const auto* pkg = project_.package_of(from);
    if (pkg && pkg->imports) {
      static const std::vector<std::string> kConditions = {"types", "import", "require", "browser", "development", "node"};
      if (auto t = match_package_map(*pkg->imports, spec, kConditions)) {
        if (package_name_of(*t).empty()) {
          if (auto f = probe_into(pkg->dir + (t->rfind("./", 0) == 0 ? t->substr(2) : *t), css, &r.tried)) return found(*f);
          return r;
        }
        spec = *t;  // "#dep": "some-package"
      }
    }
    if (spec[0] == '#') {
      r.tried.push_back((pkg ? pkg->file : std::string("package.json")) + " imports");
      return r;
    }
  }
  // tsconfig paths come before node_modules, then baseUrl.
  if (const auto* ts = project_.tsconfig_of(from)) {
    const TsPaths* best = nullptr;
    std::string star;
    size_t best_prefix = 0;
    for (auto& p : ts->paths) {
      size_t s = p.pattern.find('*');
      if (s == std::string::npos) {
        if (p.pattern == spec) best = &p, star.clear(), best_prefix = SIZE_MAX;
        continue;
      }
      std::string_view pre(p.pattern.data(), s), suf(p.pattern.data() + s + 1, p.pattern.size() - s - 1);
      if (spec.size() < pre.size() + suf.size() || spec.compare(0, pre.size(), pre) != 0 ||
          spec.compare(spec.size() - suf.size(), suf.size(), suf) != 0 || (best && s < best_prefix))
        continue;
      best = &p, best_prefix = s, star = spec.substr(pre.size(), spec.size() - pre.size() - suf.size());
    }
    if (best) {
      for (auto t : best->targets) {
        if (size_t s = t.find('*'); s != std::string::npos) t.replace(s, 1, star);
        if (auto f = probe_into(t, css, &r.tried)) return found(*f);
      }
    }
    if (ts->has_base_url)
      if (auto f = probe(ts->base_url + spec, css)) return found(*f);
  }
  if (is_node_builtin(spec)) {
    r.target = Target::builtin;
    return r;
  }
  std::string name = package_name_of(spec);
  if (name.empty() || spec.find(':') != std::string::npos) {  // virtual:…, a bare file name
    r.tried.push_back(spec);
    return r;
  }
  // A workspace package, or the app's own package by name: its files.
  if (const auto* pkg = project_.package_named(name)) {
    std::string sub = spec.size() > name.size() ? "." + spec.substr(name.size()) : ".";
    bool require = kind == ImportKind::require || kind == ImportKind::require_resolve;
    r.package = name;
    if (auto f = package_entry(*pkg, sub, require, &r.tried)) return found(*f);
    return r;
  }
  r.target = Target::package;
  r.package = name;
  return r;
}

std::vector<uint32_t> Resolver::glob(const std::string& from, const std::string& pattern) const {
  std::string base = pattern[0] == '/' ? pattern.substr(1) : dir_of(from) + pattern;
  Glob g(normalize_path(base), false);
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < files_.size(); ++i)
    if (files_[i] != from && g.matches(files_[i])) out.push_back(i);
  return out;
}

}  // namespace kiln::source
