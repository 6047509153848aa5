// kiln split: dominators on graphs with a known structure (diamond, shared module, cycle),
// each edge's exclusive set and its exact bytes on fixtures/split/app (source bytes from the
// files, built bytes from the committed esbuild dist's maps), the kind of cut read from code,
// the ineffective split, and goldens of the text and JSON reports.
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "advice/cut_bytes.h"
#include "advice/cut_kind.h"
#include "core/dominators.h"
#include "golden.h"
#include "source/extractor.h"
#include "test_util.h"

using namespace kiln;

namespace {

using Adj = std::vector<std::vector<uint32_t>>;

const std::string kApp = std::string(KILN_FIXTURES) + "/split/app";

test::RunResult run_split(std::vector<std::string> extra) {
  std::vector<std::string> args = {"split", kApp + "/tree", "--no-cache"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = test::run_cli(args);
  for (auto* s : {&r.out, &r.err})
    for (size_t at = s->find(kApp); at != std::string::npos; at = s->find(kApp)) s->replace(at, kApp.size(), "APP");
  return r;
}

uint64_t file_size(const std::string& rel) { return std::filesystem::file_size(kApp + "/tree/" + rel); }

const nlohmann::json* find_cut(const nlohmann::json& page, const std::string& file, uint32_t line) {
  for (auto& c : page["cuts"])
    if (c["file"] == file && c["line"] == line) return &c;
  return nullptr;
}

advice::ImportSite site_of(const std::string& code, size_t import_number = 0,
                           advice::Framework fw = advice::Framework::react) {
  source::SourceExtractor ex;
  auto facts = ex.extract(source::SourceSyntax::tsx, code);
  REQUIRE(facts.imports.size() > import_number);
  return advice::classify_import(code, facts.imports[import_number], fw);
}

}  // namespace

TEST_CASE("dominators: diamond, shared node, cycle, unreachable", "[split]") {
  // 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3 (diamond); 3 -> 4 -> 5 -> 4 (cycle); 6 unreachable.
  Adj g = {{1, 2}, {3}, {3}, {4}, {5}, {4}, {0}};
  auto t = dominator_tree(g, 0);
  CHECK(t.idom == std::vector<uint32_t>{0, 0, 0, 0, 3, 4, kNotReached});
  CHECK(t.order.front() == 0);
  CHECK(t.order.size() == 6);
  // A loop back to the root and a node reached two ways.
  Adj h = {{1}, {2, 3}, {0, 3}, {}};
  auto u = dominator_tree(h, 0);
  CHECK(u.idom == std::vector<uint32_t>{0, 0, 1, 1});
}

TEST_CASE("split: exclusive sets and source bytes on the fixture", "[split]") {
  auto r = run_split({"--format", "json", "--min-bytes", "1", "--max", "100", "-j1"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["pages"].size() == 1);
  auto& page = j["pages"][0];
  CHECK(page["page"] == "index.html");
  // Diamond: Settings -> a -> c, Settings -> b -> c: cutting Settings takes all four, cutting a
  // (or b) alone takes only a (or b): c stays reachable through the other.
  auto* settings = find_cut(page, "src/routes.tsx", 4);
  REQUIRE(settings);
  CHECK((*settings)["bytes"]["raw"] ==
        file_size("src/Settings.tsx") + file_size("src/a.ts") + file_size("src/b.ts") + file_size("src/c.ts"));
  CHECK((*settings)["modules"] == 4);
  auto* a = find_cut(page, "src/Settings.tsx", 2);
  REQUIRE(a);
  CHECK((*a)["bytes"]["raw"] == file_size("src/a.ts"));
  // Cycle: editor-core -> cycle-x <-> cycle-y: the edge into the cycle takes both.
  auto* cycle = find_cut(page, "src/editor-core.ts", 1);
  REQUIRE(cycle);
  CHECK((*cycle)["bytes"]["raw"] == file_size("src/cycle-x.ts") + file_size("src/cycle-y.ts"));
  // Shared module: shared.ts is imported by main and by Editor, so the Editor cut leaves it.
  auto* editor = find_cut(page, "src/routes.tsx", 3);
  REQUIRE(editor);
  CHECK((*editor)["bytes"]["raw"] == file_size("src/Editor.tsx") + file_size("src/editor-core.ts") +
                                         file_size("src/cycle-x.ts") + file_size("src/cycle-y.ts"));
  CHECK((*editor)["kind"] == "route");
  CHECK((*editor)["packages"] == nlohmann::json::array({"heavy-chart"}));
  // The handler-only import in main.ts.
  auto* fmt = find_cut(page, "src/main.ts", 3);
  REQUIRE(fmt);
  CHECK((*fmt)["kind"] == "event-handler");
  // Ineffective: import('./Editor') in main.ts while routes.tsx imports it statically.
  REQUIRE(page["ineffective"].size() == 1);
  auto& x = page["ineffective"][0];
  CHECK(x["target"] == "src/Editor.tsx");
  CHECK(x["dynamic"]["file"] == "src/main.ts");
  CHECK(x["dynamic"]["line"] == 12);
  CHECK(x["static"]["file"] == "src/routes.tsx");
  CHECK(x["static"]["line"] == 3);
}

TEST_CASE("split: built bytes from the dist's maps", "[split]") {
  auto r = run_split({"--dist", kApp + "/dist", "--format", "json", "--min-bytes", "1", "--max", "100", "-j1"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  auto& page = j["pages"][0];
  CHECK(page["distPage"] == "index.html");
  // The page's initial load is every file analyze counts: the page, main.js and the shared chunk.
  uint64_t initial = 0;
  for (auto* f : {"index.html", "main.js", "chunk-XGNXEWTV.js"})  // not chunk-VC6SPXBM.js: import('./Editor')
    initial += std::filesystem::file_size(kApp + "/dist/" + std::string(f));
  CHECK(page["initial"]["raw"] == initial);
  // Two oracles. The exact one: the bytes the maps give each source, as source-map-explorer
  // counts them (kiln analyze --format source-map-explorer, byte-identical to it), summed over
  // what the cut takes out of the initial files. The bundler's own view: esbuild's metafile
  // (meta.json, same build) `bytesInOutput`, which leaves out the glue between modules that the
  // map gives to the module before it (a chunk's closing `export{…}`): within 1%.
  auto sme = nlohmann::json::parse(
      test::run_cli({"analyze", kApp + "/dist", "--format", "source-map-explorer", "--no-cache"}).out);
  auto meta = nlohmann::json::parse(test::read_file(kApp + "/meta.json"));
  auto check_cut = [&](const nlohmann::json* cut, std::initializer_list<std::string> inputs) {
    REQUIRE(cut);
    uint64_t mapped = 0, bundler = 0;
    for (auto& result : sme["results"]) {
      std::string bundle = result["bundleName"];
      if (bundle.find("chunk-VC6SPXBM.js") != std::string::npos) continue;  // lazy
      for (auto& [name, v] : result["files"].items())
        for (auto& i : inputs)
          if (name == "../tree/" + i) mapped += v["size"].get<uint64_t>();
    }
    for (auto& [name, out] : meta["outputs"].items())
      for (auto& i : inputs)
        if (out["inputs"].contains(i)) bundler += out["inputs"][i]["bytesInOutput"].get<uint64_t>();
    uint64_t predicted = (*cut)["bytes"]["raw"];
    CHECK(predicted == mapped);
    CHECK(predicted >= bundler);
    CHECK(predicted <= bundler + bundler / 100);
  };
  auto* chart = find_cut(page, "src/Editor.tsx", 4);
  REQUIRE(chart);
  CHECK((*chart)["packages"] == nlohmann::json::array({"heavy-chart", "tiny-dep"}));  // tiny-dep: its package.json
  check_cut(chart, {"node_modules/heavy-chart/index.js", "node_modules/tiny-dep/index.js"});
  check_cut(find_cut(page, "src/routes.tsx", 4), {"src/Settings.tsx", "src/a.ts", "src/b.ts", "src/c.ts"});
  check_cut(find_cut(page, "src/routes.tsx", 3), {"src/Editor.tsx", "src/editor-core.ts", "src/cycle-x.ts", "src/cycle-y.ts",
                                                  "node_modules/heavy-chart/index.js", "node_modules/tiny-dep/index.js"});
  // Tree-shaking: the CommonJS lodash stand-in, imported whole, of which only pad is used.
  REQUIRE(page["treeShaking"].size() >= 1);
  auto& lodash = page["treeShaking"][0];
  CHECK(lodash["package"] == "lodash");
  CHECK(lodash["used"] == nlohmann::json::array({"pad"}));
  CHECK(lodash["reasons"].size() == 2);
  CHECK(lodash["reasons"][0].get<std::string>().rfind("CommonJS only", 0) == 0);
  // Every cut's bytes are at most what the maps tie to the graph.
  for (auto& c : page["cuts"]) CHECK(c["bytes"]["brotli"] <= page["attributed"]["brotli"]);
}

TEST_CASE("split: kind of cut and the form of the change", "[split]") {
  auto route = site_of("import Editor from './Editor';\nexport const r = [{ path: '/e', element: <Editor /> }];\n");
  CHECK(route.kind == advice::CutKind::route);
  CHECK(route.line == 1);
  CHECK(route.column == 1);
  CHECK(route.suggestion.find("React.lazy(() => import('./Editor'))") != std::string::npos);
  auto vue = site_of("import Home from './Home.vue';\nconst routes = [{ path: '/', component: Home }];\n", 0,
                     advice::Framework::vue_router);
  CHECK(vue.kind == advice::CutKind::route);
  CHECK(vue.suggestion == "component: () => import('./Home.vue')");
  auto cond = site_of("import { Modal } from './Modal';\nexport function App({ open }) {\n  return <div>{open && <Modal />}</div>;\n}\n");
  CHECK(cond.kind == advice::CutKind::conditional);
  CHECK(cond.suggestion.find(".then((m) => ({ default: m.Modal }))") != std::string::npos);
  auto shown = site_of("import { Modal } from './Modal';\nexport function App() {\n  return <Modal />;\n}\n");
  CHECK(shown.kind == advice::CutKind::rendered);
  auto handler = site_of("import { saveAs } from 'file-saver';\nexport const B = () => <button onClick={() => saveAs(x)} />;\n");
  CHECK(handler.kind == advice::CutKind::handler);
  CHECK(handler.suggestion.rfind("const { saveAs } = await import('file-saver')", 0) == 0);
  auto inner = site_of("import * as pdf from 'pdfjs-dist';\nexport async function open(u) {\n  return pdf.getDocument(u);\n}\n");
  CHECK(inner.kind == advice::CutKind::in_functions);
  CHECK(inner.suggestion.rfind("const pdf = await import('pdfjs-dist')", 0) == 0);
  auto top = site_of("import { marked } from 'marked';\nexport const html = marked('# hi');\n");
  CHECK(top.kind == advice::CutKind::top_level);
  auto side = site_of("import './polyfills';\n");
  CHECK(side.kind == advice::CutKind::side_effect);
}

TEST_CASE("split goldens: text with and without the dist, JSON, -j1 = -j4", "[split][golden]") {
  auto text = run_split({"-j1"});
  test::check_golden(kApp + "/expected.txt", text.out + "--- stderr ---\n" + text.err + "--- exit " + std::to_string(text.code) + "\n");
  auto built = run_split({"--dist", kApp + "/dist", "-j1"});
  test::check_golden(kApp + "/expected.dist.txt", built.out + "--- stderr ---\n" + built.err);
  auto json = run_split({"--dist", kApp + "/dist", "--format", "json", "-j1"});
  test::check_golden(kApp + "/expected.dist.json", json.out);
  auto md = run_split({"--dist", kApp + "/dist", "--format", "markdown", "-j1"});
  test::check_golden(kApp + "/expected.dist.md", md.out);
  auto gh = run_split({"--dist", kApp + "/dist", "--format", "github", "-j1"});
  test::check_golden(kApp + "/expected.dist.github", gh.out);
  test::check_no_leftover_goldens(kApp, "expected");
  auto json4 = run_split({"--dist", kApp + "/dist", "--format", "json", "-j4"});
  CHECK(json4.out == json.out);
}

TEST_CASE("split --chunks: chunk-level cuts from the dist alone", "[split]") {
  auto r = test::run_cli({"split", "--chunks", "--dist", kApp + "/dist", "--min-bytes", "1", "--format", "json", "--no-cache"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["pages"].size() == 1);
  auto& page = j["pages"][0];
  CHECK(page["initial"]["raw"] == std::filesystem::file_size(kApp + "/dist/index.html") +
                                      std::filesystem::file_size(kApp + "/dist/main.js") +
                                      std::filesystem::file_size(kApp + "/dist/chunk-XGNXEWTV.js"));
  // main.js's static import of the shared chunk is the only cut: the page's own script is not.
  REQUIRE(page["cuts"].size() == 1);
  auto& cut = page["cuts"][0];
  CHECK(cut["file"] == "main.js");
  CHECK(cut["target"] == "chunk-XGNXEWTV.js");
  CHECK(cut["bytes"]["raw"] == std::filesystem::file_size(kApp + "/dist/chunk-XGNXEWTV.js"));
  CHECK(cut["files"] == nlohmann::json::array({"chunk-XGNXEWTV.js"}));
  auto bad = test::run_cli({"split", "--chunks", "--no-cache"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--chunks needs --dist") != std::string::npos);
}

TEST_CASE("split: a route element wrapped in a guard, every binding lazy", "[split]") {
  // bulletproof-react's router: the eager AppRoot sits inside <ProtectedRoute> in `element:`,
  // and the same statement binds the route's ErrorBoundary.
  auto guarded = site_of(
      "import { default as AppRoot, ErrorBoundary as AppRootErrorBoundary } from './routes/app/root';\n"
      "export const r = [{ path: '/app', element: (\n  <ProtectedRoute>\n    <AppRoot />\n  </ProtectedRoute>\n),\n"
      "  ErrorBoundary: AppRootErrorBoundary, children: [] }];\n");
  CHECK(guarded.kind == advice::CutKind::route);
  CHECK(guarded.why == "router table at 4:6");
  CHECK(guarded.suggestion ==
        "const AppRoot = React.lazy(() => import('./routes/app/root')); const AppRootErrorBoundary = "
        "React.lazy(() => import('./routes/app/root').then((m) => ({ default: m.ErrorBoundary }))), rendered inside "
        "<Suspense> (or the route's lazy: () => import('./routes/app/root'))");
  // Without parentheses, up to the next key; a sibling key's JSX is not a route.
  auto bare = site_of("import { Page } from './Page';\nconst r = [{ element: <Guard><Page /></Guard>, path: '/' }];\n");
  CHECK(bare.kind == advice::CutKind::route);
  auto after = site_of("import { Page } from './Page';\nconst r = [{ element: <Guard />, title: <Page /> }];\n");
  CHECK(after.kind != advice::CutKind::route);
}

TEST_CASE("split: a package copy nested in another package's node_modules is its own node", "[split]") {
  sourcemap::SourceEntry s;
  s.package = "@radix-ui/react-slot";
  s.sme_key = "../../node_modules/@radix-ui/react-menu/node_modules/@radix-ui/react-slot/dist/index.mjs";
  CHECK(advice::package_key(s) == "@radix-ui/react-menu/node_modules/@radix-ui/react-slot");
  s.sme_key = "../../node_modules/@radix-ui/react-slot/dist/index.mjs";
  CHECK(advice::package_key(s) == "@radix-ui/react-slot");
  s.package = "react-dom";
  s.sme_key = "../../node_modules/.pnpm/react-dom@18.3.1/node_modules/react-dom/cjs/react-dom.production.min.js";
  CHECK(advice::package_key(s) == "react-dom");
  s.package.clear();
  CHECK(advice::package_key(s).empty());
}

TEST_CASE("split: an app module shipped through a barrel with none of its exports used", "[split]") {
  // fixtures/split/barrel: main.ts takes greet from lib/index.ts, whose `export * from
  // './chart'` brings chart.ts's top-level customElements.define along; its exports drawChart
  // and palette are never used. dist/ and meta.json: esbuild 0.25.12 (--bundle --minify
  // --sourcemap --metafile), whose bytesInOutput for chart.ts is the oracle.
  const std::string dir = std::string(KILN_FIXTURES) + "/split/barrel";
  auto r = test::run_cli({"split", dir + "/tree", "--dist", dir + "/dist", "--min-bytes", "1", "--format", "json", "--no-cache"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  auto& misses = j["pages"][0]["treeShaking"];
  REQUIRE(misses.size() == 2);
  auto& m = misses[0];
  CHECK(m["module"] == "src/lib/chart.ts");
  auto meta = nlohmann::json::parse(test::read_file(dir + "/meta.json"));
  CHECK(m["bytes"]["raw"] == meta["outputs"]["dist/main.js"]["inputs"]["tree/src/lib/chart.ts"]["bytesInOutput"]);
  CHECK(m["bytes"]["raw"] == 273);
  CHECK(m["unused"] == nlohmann::json::array({"drawChart", "palette"}));
  CHECK(m["file"] == "src/lib/index.ts");
  CHECK(m["line"] == 4);
  CHECK(m["reasons"] == nlohmann::json::array(
                            {"re-exported through the barrel src/lib/index.ts:4:15: the bundler keeps the module for its "
                             "top-level code",
                             "package.json has no \"sideEffects\": false, so the bundler must keep its top-level code"}));
  // boot.js (JavaScript: not elided) imports setup from sidefx and never reads it; the
  // package's top-level polyfill ships (149 B, esbuild's bytesInOutput).
  auto& p = misses[1];
  CHECK(p["package"] == "sidefx");
  CHECK(p["bytes"]["raw"] == meta["outputs"]["dist/main.js"]["inputs"]["tree/node_modules/sidefx/index.js"]["bytesInOutput"]);
  CHECK(p["used"] == nlohmann::json::array());
  CHECK(p["reasons"] == nlohmann::json::array({"imported at src/boot.js:2:23 but none of the names is read: its "
                                               "package.json has no \"sideEffects\": false, so the bundler keeps its code"}));
  auto text = test::run_cli({"split", dir + "/tree", "--dist", dir + "/dist", "--min-bytes", "1", "--no-cache"});
  CHECK(text.out.find("src/lib/index.ts:4:15 src/lib/chart.ts ships 273 B raw / 119 B br in the initial load; the app "
                      "uses none of its exports (drawChart, palette)\n") != std::string::npos);
}

TEST_CASE("split: regex literals and type-only names in the importer", "[split]") {
  // A quote or a bracket inside a regex literal no longer derails the lexer: the route after it is found.
  auto re = site_of("import Editor from './Editor';\nconst open = /[`{(]/g;\nconst half = 1 / 2;\n"
                    "export const r = [{ path: '/e', element: <Editor /> }];\n");
  CHECK(re.kind == advice::CutKind::route);
  CHECK(re.why == "router table at 4:43");  // the old lexer read a template string from the ` to the end
  // `{ type X }` binds nothing at run time: not among the names used, nor made lazy.
  const std::string code = "import { type ReactNode, useState, type FC as F } from 'react';\nexport const x = useState;\n";
  source::SourceExtractor ex;
  auto facts = ex.extract(source::SourceSyntax::tsx, code);
  REQUIRE(facts.imports.size() == 1);
  bool whole = false;
  CHECK(advice::member_uses(code, facts.imports[0], whole) == std::vector<std::string>{"useState"});
  auto site = advice::classify_import(code, facts.imports[0], advice::Framework::react);
  CHECK(site.suggestion.find("ReactNode") == std::string::npos);
}
