// Entry files: where reachability starts and whose exports are public API. From package.json
// (main, module, browser, types, bin, every `exports` target, files its scripts run), HTML
// pages, kiln.json `graph.entries`, and the conventions of common tools (README: "kiln
// graph"), each switchable in kiln.json `graph.conventions`.
#include <algorithm>
#include <functional>

#include "core/glob.h"
#include "source/findings.h"
#include "source/resolver.h"

namespace kiln::source {

namespace {

void exports_targets(const nlohmann::ordered_json& v, std::vector<std::string>& out) {
  if (v.is_string()) out.push_back(v.get<std::string>());
  else if (v.is_array() || v.is_object())
    for (auto& [k, x] : v.items()) exports_targets(x, out);
}

std::string base_name(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool depends_on(const PackageInfo* pkg, const std::string& name) {
  if (!pkg) return false;
  return std::any_of(pkg->deps.begin(), pkg->deps.end(), [&](const DependencyEntry& d) { return d.name == name; });
}

}  // namespace

bool is_tool_config(const std::string& path) {
  // plopfile: plop's generators; mockServiceWorker.js: the worker `msw init` writes to public/.
  static const GlobSet configs({"**/*.config.{js,cjs,mjs,ts,cts,mts}", "**/.eslintrc.{js,cjs}",
                                "**/.prettierrc.{js,cjs,mjs}", "**/.babelrc.{js,cjs}", "**/.storybook/*.{js,ts,tsx,mjs,cjs}",
                                "**/Gruntfile.js", "**/gulpfile.{js,ts}", "**/plopfile.{js,cjs,mjs,ts}",
                                "**/mockServiceWorker.js"});
  return configs.matches(path);
}

std::vector<Entry> find_entries(fs::Disk& disk, const SourceGraph& g) {
  std::vector<std::string> paths;
  paths.reserve(g.modules.size());
  for (auto& m : g.modules) paths.push_back(m.path);
  Resolver resolver(g.project, paths);
  std::vector<Entry> out;
  auto add = [&](std::optional<uint32_t> f, std::string reason) {
    if (f) out.push_back(Entry{*f, std::move(reason)});
  };
  auto field = [&](const PackageInfo& pkg, const std::string& value) {
    std::string path = pkg.dir + (value.rfind("./", 0) == 0 ? value.substr(2) : value);
    auto f = resolver.probe(path);
    return f ? f : resolver.from_dist(normalize_path(path));
  };
  for (auto& pkg : g.project.packages) {
    for (auto [name, value] : {std::pair{"main", &pkg.main}, {"module", &pkg.module}, {"browser", &pkg.browser},
                               {"types", &pkg.types}})
      if (!value->empty()) add(field(pkg, *value), pkg.file + " " + name);
    for (auto& b : pkg.bins) add(field(pkg, b), pkg.file + " bin");
    if (pkg.exports) {
      std::vector<std::string> targets;
      exports_targets(*pkg.exports, targets);
      for (auto& t : targets) {
        if (t.find('*') == std::string::npos) {
          add(field(pkg, t), pkg.file + " exports");
          continue;
        }
        Glob glob(normalize_path(pkg.dir + t), false);
        for (uint32_t i = 0; i < paths.size(); ++i)
          if (glob.matches(paths[i])) add(i, pkg.file + " exports");
      }
    }
    // Files the scripts run: `node scripts/build.js`, `tsx src/cli.ts`.
    for (auto& [name, script] : pkg.scripts) {
      size_t start = 0;
      while (start < script.size()) {
        size_t end = script.find_first_of(" \t;&|'\"=", start);
        if (end == std::string::npos) end = script.size();
        std::string word = script.substr(start, end - start);
        start = end + 1;
        // A path (scripts/build.js), or a file name with a code extension (vite-node mock-server.ts).
        size_t dot = word.rfind('.');
        bool code_ext = dot != std::string::npos && dot > 0 &&
                        std::string_view(".js.mjs.cjs.ts.mts.cts.jsx.tsx.").find(word.substr(dot) + ".") != std::string_view::npos;
        if (word.find('.') == std::string::npos || (word.find('/') == std::string::npos && !code_ext)) continue;
        add(resolver.probe(pkg.dir + word), pkg.file + " scripts." + name);
      }
    }
    if (g.project.config.conventions.index)
      for (const char* base : {"index", "main", "cli", "src/index", "src/main", "src/cli"})
        add(resolver.probe(pkg.dir + base), "convention: index");
  }
  GlobSet configured(g.project.config.entries);
  const auto& cv = g.project.config.conventions;
  GlobSet tests({"**/*.{test,spec}.{js,jsx,ts,tsx,mjs,cjs,mts,cts}", "**/__tests__/**/*.{js,jsx,ts,tsx}",
                 "**/__mocks__/**/*.{js,jsx,ts,tsx}", "**/{test,tests}/**/*.{js,jsx,ts,tsx,mjs,cjs,mts,cts}",
                 "**/e2e/**/*.{js,ts}", "**/{setupTests,vitest.setup,jest.setup}.{js,ts}"});
  GlobSet stories({"**/*.stories.{js,jsx,ts,tsx,mdx}"});
  GlobSet next_routes({"{,src/}pages/**/*.{js,jsx,ts,tsx}", "{,src/}app/**/{page,layout,route,loading,error,not-found,"
                       "template,default,global-error,opengraph-image,icon,sitemap,robots}.{js,jsx,ts,tsx}",
                       "{,src/}{middleware,instrumentation}.{js,ts}"});
  for (uint32_t i = 0; i < g.modules.size(); ++i) {
    const auto& m = g.modules[i];
    if (m.syntax == SourceSyntax::html) add(i, cv.vite && base_name(m.path) == "index.html" ? "convention: vite index.html" : "HTML page");
    if (m.syntax == SourceSyntax::none) continue;
    if (!configured.empty() && configured.matches(m.path)) add(i, "kiln.json graph.entries");
    if (!is_code(m.syntax)) continue;
    if (cv.tests && tests.matches(m.path)) add(i, "convention: tests");
    if (cv.configs && is_tool_config(m.path)) {
      add(i, "convention: configs");
      // Files a config names by path: vitest's setupFiles: './src/testing/setup-tests.ts'.
      if (auto text = disk.read_file(fs::join_path(g.project.root, m.path)))
        for (auto& s : quoted_strings(*text))
          if ((s.rfind("./", 0) == 0 || s.rfind("../", 0) == 0) && s.find('*') == std::string::npos)
            add(resolver.probe(normalize_path(m.path.substr(0, m.path.rfind('/') + 1) + s)), m.path + " names it");
    }
    if (cv.storybook && stories.matches(m.path)) add(i, "convention: storybook");
    if (cv.next) {
      const auto* pkg = g.project.package_of(m.path);
      std::string rel = pkg ? m.path.substr(pkg->dir.size()) : m.path;
      if (depends_on(pkg, "next") && next_routes.matches(rel)) add(i, "convention: next");
    }
  }
  // One entry per file, its first reason.
  std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.file < b.file; });
  out.erase(std::unique(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.file == b.file; }), out.end());
  return out;
}

}  // namespace kiln::source
