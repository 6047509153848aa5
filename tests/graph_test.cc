// kiln graph (source mode): extraction per import/export form, the codec, package.json
// exports/imports matching, resolution rules and their traps, and golden end-to-end runs
// over fixtures/graph/*/tree.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "golden.h"
#include "source/extractor.h"
#include "source/facts_codec.h"
#include "source/package_exports.h"
#include "source/resolver.h"
#include "test_util.h"

using namespace kiln;
using namespace kiln::source;

namespace {

ModuleFacts facts_of(std::string_view code, SourceSyntax syntax = SourceSyntax::typescript) {
  SourceExtractor ex;
  return ex.extract(syntax, code);
}

const ImportRecord& only_import(const ModuleFacts& f) {
  REQUIRE(f.imports.size() == 1);
  return f.imports[0];
}

std::vector<std::string> export_names(const ModuleFacts& f) {
  std::vector<std::string> out;
  for (auto& e : f.exports) out.push_back(e.name + (e.type_only ? ":type" : ""));
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("graph extraction: static import forms", "[graph]") {
  auto f = facts_of("import a, { b as c, type T } from './x';\nimport * as ns from \"./y\";\nimport './z.css';\nimport type { U } from './u';\n");
  REQUIRE(f.imports.size() == 4);
  CHECK(f.imports[0].names == Strings{"default", "b", "T"});
  CHECK(f.imports[0].name_is_type == std::vector<uint8_t>{0, 0, 1});
  CHECK(f.imports[0].line == 1);
  CHECK(f.imports[0].column == 35);  // the opening quote
  CHECK(f.imports[1].is_namespace);
  CHECK(f.imports[1].specifier == "./y");
  CHECK(f.imports[2].side_effect);
  CHECK(f.imports[3].type_only);
  CHECK_FALSE(f.imports[0].type_only);
}

TEST_CASE("graph extraction: export forms with line:column", "[graph]") {
  auto f = facts_of(
      "export const a = 1, { b, c: [d] } = o;\nexport function f() {}\nexport class C {}\nexport interface I {}\n"
      "export type T = 1;\nexport enum E { A }\nexport namespace N { }\nexport default 42;\nexport { x as y };\n"
      "export type { Z };\nexport declare const amb: number;\n");
  CHECK(export_names(f) == Strings{"a", "b", "d", "f", "C", "I:type", "T:type", "E", "N", "default", "y", "Z:type", "amb"});
  CHECK(f.exports[3].line == 2);
  CHECK(f.exports[3].column == 17);
  CHECK(f.exports[7].kind == ExportKind::enum_);
  CHECK(f.exports[8].kind == ExportKind::namespace_);
  CHECK(f.exports[3].keyword_end == f.exports[3].begin + 6);  // `export` is removable
  auto eq = facts_of("const x = 1;\nexport = x;\n");
  CHECK(eq.export_equals);
}

TEST_CASE("graph extraction: re-exports", "[graph]") {
  auto f = facts_of("export { a, b as c } from './ab';\nexport * from './star';\nexport * as ns from './ns';\nexport type { T } from './t';\nexport { default } from './d';\n");
  REQUIRE(f.imports.size() == 5);
  CHECK(f.imports[0].kind == ImportKind::reexport);
  CHECK(f.imports[0].names == Strings{"a", "b"});
  CHECK(f.imports[0].aliases == Strings{"a", "c"});
  CHECK(f.imports[1].star);
  CHECK(f.imports[2].star_as == "ns");
  CHECK(f.imports[3].type_only);
  CHECK(f.imports[4].names == Strings{"default"});
  CHECK(export_names(f) == Strings{"a", "c", "ns", "T:type", "default"});
}

TEST_CASE("graph extraction: dynamic, require, glob, URL, worker, references", "[graph]") {
  auto f = facts_of(
      "/// <reference path=\"./g.d.ts\" />\n/// <reference types=\"node\" />\n"
      "const m = await import('./m');\nm.run();\nconst { a, b: bb } = require('./r');\nrequire('./side');\n"
      "const p = require.resolve('./p');\nconst g = import.meta.glob(['./v/*.ts', './w/*.ts']);\n"
      "const u = new URL('./img.png', import.meta.url);\nconst w = new Worker(new URL('./w.js', import.meta.url), { type: 'module' });\n"
      "import('./' + name);\nrequire(x);\n");
  std::vector<std::pair<ImportKind, std::string>> got;
  for (auto& r : f.imports) got.emplace_back(r.kind, r.specifier);
  std::vector<std::pair<ImportKind, std::string>> want = {
      {ImportKind::reference, "./g.d.ts"}, {ImportKind::reference, "node"}, {ImportKind::dynamic_import, "./m"},
      {ImportKind::require, "./r"}, {ImportKind::require, "./side"}, {ImportKind::require_resolve, "./p"},
      {ImportKind::glob, "./v/*.ts"}, {ImportKind::glob, "./w/*.ts"}, {ImportKind::url, "./img.png"},
      {ImportKind::worker, "./w.js"}};
  CHECK(got == want);
  CHECK(f.imports[1].type_only);
  CHECK(f.imports[2].members == Strings{"run"});
  CHECK_FALSE(f.imports[2].whole);
  CHECK(f.imports[3].members == Strings{"a", "b"});
  CHECK(f.imports[4].side_effect);
  REQUIRE(f.dynamic.size() == 2);  // non-literal specifiers are listed, not dropped
  CHECK(f.dynamic[0].expression == "'./' + name");
  CHECK(f.dynamic[1].kind == ImportKind::require);
}

TEST_CASE("graph extraction: namespace member uses", "[graph]") {
  auto read = facts_of("import * as ns from './a';\nns.one(); ns.two; type X = ns.Three; ns['four'];\n");
  CHECK(only_import(read).members == Strings{"Three", "four", "one", "two"});
  CHECK_FALSE(only_import(read).whole);
  auto passed = facts_of("import * as ns from './a';\nuse(ns);\n");
  CHECK(only_import(passed).whole);
  auto computed = facts_of("import * as ns from './a';\nns[key];\n");
  CHECK(only_import(computed).whole);
}

TEST_CASE("graph extraction: a local of the namespace's name shadows it", "[graph]") {
  // Before: the parameter `ns` passed the namespace along whole, so every export was used.
  auto param = facts_of("import * as ns from './a';\nns.x;\nfunction f(ns: { y: number }) { return ns.y; }\n"
                        "const g = (ns) => ns.z;\nconst h = ns => ns.w;\n");
  CHECK(only_import(param).members == Strings{"x"});
  CHECK_FALSE(only_import(param).whole);
  auto local = facts_of("import * as ns from './a';\nif (a) { const ns = {}; use(ns); ns.v; }\nns.x;\n", SourceSyntax::javascript);
  CHECK(only_import(local).members == Strings{"x"});
  CHECK_FALSE(only_import(local).whole);
  auto outer = facts_of("import * as ns from './a';\nfunction f(other) { return ns.x + other; }\n");
  CHECK(only_import(outer).members == Strings{"x"});  // not shadowed: still the import
}

TEST_CASE("graph extraction: CommonJS exports", "[graph]") {
  auto f = facts_of("module.exports.a = 1;\nexports.b = 2;\n", SourceSyntax::javascript);
  CHECK(export_names(f) == Strings{"a", "b"});
  CHECK(f.commonjs);
  auto obj = facts_of("module.exports = { c, d: 1 };\n", SourceSyntax::javascript);
  CHECK(export_names(obj) == Strings{"c", "d"});
  auto whole = facts_of("module.exports = function () {};\n", SourceSyntax::javascript);
  CHECK(whole.export_equals);
}

TEST_CASE("graph extraction: Vue, Svelte, TSX, CSS", "[graph]") {
  auto vue = facts_of("<template><X/></template>\n<script setup lang=\"ts\">\nimport X from './X.vue';\n</script>\n", SourceSyntax::vue);
  REQUIRE(vue.imports.size() == 1);
  CHECK(vue.imports[0].specifier == "./X.vue");
  CHECK(vue.imports[0].line == 3);
  auto svelte = facts_of("<script>\n  import Y from './Y.svelte';\n</script>\n<Y/>\n", SourceSyntax::svelte);
  CHECK(only_import(svelte).specifier == "./Y.svelte");
  auto tsx = facts_of("import { A } from './a';\nexport const C = () => <A x={1} />;\n", SourceSyntax::tsx);
  CHECK(export_names(tsx) == Strings{"C"});
  auto css = facts_of("@import './base.css';\n@use 'sass:math';\n@use './vars';\n.a{}\n", SourceSyntax::css);
  REQUIRE(css.imports.size() == 3);
  CHECK(css.imports[0].specifier == "./base.css");
  CHECK(css.imports[2].line == 3);
}

TEST_CASE("graph facts codec: round trip, and damaged bytes are a miss", "[graph]") {
  auto f = facts_of("import * as ns from './a';\nns.x;\nexport { y } from './y';\nexport default 1;\nimport(z);\n");
  auto bytes = encode_facts(f);
  auto back = decode_facts(bytes);
  REQUIRE(back);
  CHECK(encode_facts(*back) == bytes);
  CHECK_FALSE(decode_facts(bytes.substr(0, bytes.size() - 1)));
  CHECK_FALSE(decode_facts("kiln-facts-0"));
}

TEST_CASE("graph package exports: the package's condition order decides", "[graph]") {
  auto j = nlohmann::ordered_json::parse(R"({".": {"default": "./d.js", "import": "./i.js"}})");
  CHECK(match_package_map(j, ".", {"import"}) == "./d.js");
  auto k = nlohmann::ordered_json::parse(R"({".": {"import": {"types": "./i.d.ts", "default": "./i.js"}, "require": "./r.cjs"},
                                             "./feature/*": "./src/feature/*.js", "./feature/internal/*": null,
                                             "./features/*.js": "./f/*.js", "./package.json": "./package.json"})");
  CHECK(match_package_map(k, ".", {"require"}) == "./r.cjs");
  CHECK(match_package_map(k, ".", {"import"}) == "./i.js");
  CHECK(match_package_map(k, ".", {"types", "import"}) == "./i.d.ts");
  CHECK(match_package_map(k, "./feature/x", {}) == "./src/feature/x.js");
  CHECK_FALSE(match_package_map(k, "./feature/internal/y", {}));  // the longer prefix wins, and null excludes
  CHECK(match_package_map(k, "./features/a/b.js", {}) == "./f/a/b.js");
  CHECK_FALSE(match_package_map(k, "./missing", {}));
  auto s = nlohmann::ordered_json::parse(R"("./main.js")");
  CHECK(match_package_map(s, ".", {}) == "./main.js");
  auto imports = nlohmann::ordered_json::parse(R"({"#dep": {"node": "dep-node", "default": "./polyfill.js"}, "#int/*": "./src/*.js"})");
  CHECK(match_package_map(imports, "#dep", {"browser"}) == "./polyfill.js");
  CHECK(match_package_map(imports, "#int/a", {}) == "./src/a.js");
  CHECK(package_name_of("@s/p/x") == "@s/p");
  CHECK(package_name_of("p/x") == "p");
  CHECK(is_node_builtin("fs/promises"));
  CHECK(is_node_builtin("node:test"));
  CHECK_FALSE(is_node_builtin("test"));
}

TEST_CASE("graph resolution rules and traps", "[graph]") {
  Project p;
  PackageInfo root;
  root.file = "package.json";
  root.name = "app";
  root.exports = std::make_shared<nlohmann::ordered_json>(nlohmann::ordered_json::parse(R"({".": "./src/index.js", "./util": "./src/util.js"})"));
  root.imports = std::make_shared<nlohmann::ordered_json>(nlohmann::ordered_json::parse(R"({"#cfg": "./src/config.ts"})"));
  PackageInfo ws;
  ws.dir = "packages/ui/";
  ws.file = "packages/ui/package.json";
  ws.name = "@app/ui";
  ws.exports = std::make_shared<nlohmann::ordered_json>(nlohmann::ordered_json::parse(R"({".": {"types": "./dist/index.d.ts", "import": "./dist/index.js"}})"));
  p.packages = {root, ws};
  TsConfig ts;
  ts.file = "tsconfig.json";
  ts.has_base_url = true;
  ts.base_url = "src/";
  ts.paths = {{"react", {"src/shim.ts"}}, {"@/*", {"src/*"}}, {"@/deep/*", {"src/other/*"}}};
  p.tsconfigs = {ts};
  p.config.alias = {{"~assets", "src/assets"}};
  std::vector<std::string> files = {"packages/ui/src/index.ts", "src/a.ts", "src/assets/logo.ts", "src/comp.tsx",
                                    "src/config.ts", "src/dir/index.ts", "src/index.ts", "src/other/x.ts",
                                    "src/shim.ts", "src/util.ts", "src/x.d.ts"};
  Resolver r(p, files);
  auto to = [&](const std::string& spec, ImportKind kind = ImportKind::static_import) {
    auto res = r.resolve("src/index.ts", spec, kind);
    if (res.target == Target::file) return files[res.file];
    if (res.target == Target::package) return "package:" + res.package;
    if (res.target == Target::builtin) return std::string("builtin");
    if (res.target == Target::skipped) return std::string("skipped");
    return std::string("unresolved");
  };
  CHECK(to("./a.js") == "src/a.ts");     // .ts for a .js specifier (NodeNext)
  CHECK(to("./comp.js") == "src/comp.tsx");
  CHECK(to("./a") == "src/a.ts");
  CHECK(to("./dir") == "src/dir/index.ts");
  CHECK(to("./a.ts?raw") == "src/a.ts");  // bundler query
  CHECK(to("react") == "src/shim.ts");    // paths before node_modules
  CHECK(to("@/a") == "src/a.ts");
  CHECK(to("@/deep/x") == "src/other/x.ts");  // the longest prefix wins
  CHECK(to("util") == "src/util.ts");         // baseUrl
  CHECK(to("app") == "src/index.ts");         // self-import by package name, through exports
  CHECK(to("app/util") == "src/util.ts");
  CHECK(to("@app/ui") == "packages/ui/src/index.ts");  // a workspace's dist maps back to its sources
  CHECK(to("#cfg") == "src/config.ts");
  CHECK(to("~assets/logo") == "src/assets/logo.ts");
  CHECK(to("node:fs") == "builtin");
  CHECK(to("path") == "builtin");
  CHECK(to("lodash/chunk") == "package:lodash");
  CHECK(to("@scope/pkg/sub") == "package:@scope/pkg");
  CHECK(to("/src/a") == "src/a.ts");
  CHECK(to("https://cdn.example/x.js") == "skipped");
  auto miss = r.resolve("src/index.ts", "./nope", ImportKind::static_import);
  // tshy-style outputs (rxjs): dist/esm/x.d.ts is src/x.ts, one flavour folder less.
  CHECK(r.from_dist("packages/ui/dist/esm/index.d.ts") == std::optional<uint32_t>(0));
  CHECK(r.from_dist("packages/ui/dist/index.js") == std::optional<uint32_t>(0));
  // new URL('../dir/', import.meta.url) and new URL('./dir', …) of a folder with files: no import.
  CHECK(to("./dir/", ImportKind::url) == "skipped");
  CHECK(to("./dir", ImportKind::url) == "src/dir/index.ts");
  CHECK(to("..", ImportKind::url) == "skipped");
  CHECK(to("./assets", ImportKind::url) == "skipped");
  CHECK(to("./nothing", ImportKind::url) == "unresolved");
  CHECK(miss.target == Target::unresolved);
  CHECK(miss.tried == Strings{"src/nope", "src/nope/index"});
  auto glob = r.glob("src/index.ts", "./*.ts");
  CHECK(glob.size() == 5);  // a, config, shim, util, x.d.ts: not index itself
}

namespace {

test::RunResult run_graph(const std::string& dir, std::vector<std::string> extra) {
  std::vector<std::string> args = {"graph", dir, "--no-cache"};
  args.insert(args.end(), extra.begin(), extra.end());
  return test::run_cli(args);
}

}  // namespace

TEST_CASE("graph goldens: every fixture's text, JSON and knip report", "[graph][golden]") {
  std::string root = std::string(KILN_FIXTURES) + "/graph";
  size_t fixtures = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    std::string dir = entry.path().string();
    INFO("fixture " << entry.path().filename().string());
    REQUIRE(std::filesystem::is_directory(dir + "/tree"));
    ++fixtures;
    auto text = run_graph(dir + "/tree", {"-j1"});
    test::check_golden(dir + "/expected.txt", text.out + "--- stderr ---\n" + text.err + "--- exit " + std::to_string(text.code) + "\n");
    auto json = run_graph(dir + "/tree", {"--format", "json", "-j1"});
    test::check_golden(dir + "/expected.json", json.out);
    auto knip = run_graph(dir + "/tree", {"--format", "knip", "-j1"});
    test::check_golden(dir + "/expected.knip.json", knip.out);
    auto json4 = run_graph(dir + "/tree", {"--format", "json", "-j4"});
    CHECK(json4.out == json.out);  // -j1 and -j4: identical bytes
    test::check_no_leftover_goldens(dir, "expected", {"expected.fix.diff"});  // graph_fix_test.cc
  }
  CHECK(fixtures >= 1);
}

TEST_CASE("graph: exit codes and the warm cache", "[graph]") {
  std::string dir = std::string(KILN_FIXTURES) + "/graph/app/tree";
  CHECK(run_graph(dir, {}).code == 1);  // findings
  CHECK(run_graph(dir, {"--fail-on", "none"}).code == 0);
  CHECK(run_graph(dir, {"--fail-on", "cycles"}).code == 1);
  auto tmp = std::filesystem::temp_directory_path() / "kiln-graph-cache-test";
  std::filesystem::remove_all(tmp);
  auto cold = test::run_cli({"graph", dir, "--cache-dir", tmp.string(), "--format", "json"});
  auto warm = test::run_cli({"graph", dir, "--cache-dir", tmp.string(), "--format", "json"});
  CHECK(warm.out == cold.out);
  auto text = test::run_cli({"graph", dir, "--cache-dir", tmp.string()});
  CHECK(text.out.find("27 parsed, 27 from cache") != std::string::npos);
  std::filesystem::remove_all(tmp);
  CHECK(run_graph(dir + "/missing-folder", {}).code == 2);
}
