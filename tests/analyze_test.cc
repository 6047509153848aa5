// kiln analyze: URL resolution, load classification, graph sets, and golden end-to-end
// outputs over the fixtures in fixtures/analyze/*/dist.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "graph/asset_graph.h"
#include "graph/package_entries.h"
#include "report/analyze_html.h"
#include "parse/parsed_file_codec.h"
#include "golden.h"
#include "resolve/url_resolver.h"
#include "test_util.h"

using namespace kiln;
using resolve::UrlClass;

TEST_CASE("URLs resolve against the file, the site root and the base path", "[analyze][resolve]") {
  resolve::UrlResolver r;
  auto check = [&](std::string_view from, std::string_view url, UrlClass cls, std::string path, bool module = false) {
    auto got = r.resolve(from, url, module);
    INFO(from << " + " << url);
    CHECK(got.cls == cls);
    CHECK(got.path == path);
  };
  check("assets/a.js", "./b.js", UrlClass::local, "assets/b.js", true);
  check("assets/a.js", "../img/x.png?v=3#frag", UrlClass::local, "img/x.png");
  check("about/index.html", "/assets/a.js", UrlClass::local, "assets/a.js");
  check("index.html", "sub/", UrlClass::local, "sub/index.html");
  check("index.html", "/", UrlClass::local, "index.html");
  check("index.html", "my%20file.css", UrlClass::local, "my file.css");
  check("index.html", "  spaced.js ", UrlClass::local, "spaced.js");
  check("a.js", "react", UrlClass::bare, "react", true);
  check("a.js", "lodash/merge", UrlClass::bare, "lodash/merge", true);
  check("a.css", "img/x.png", UrlClass::local, "img/x.png");  // CSS: relative, not bare
  check("a.js", "https://cdn.example.com/x.js", UrlClass::external, "https://cdn.example.com/x.js");
  check("a.js", "//cdn.example.com/x.js", UrlClass::external, "//cdn.example.com/x.js");
  check("a.css", "data:image/png;base64,AAAA", UrlClass::inline_data, "");
  check("a.css", "#filter", UrlClass::fragment, "#filter");
  check("a.css", "", UrlClass::empty, "");
  check("a/b.js", "../../../x.js", UrlClass::outside, "../../../x.js", true);
  r.base = resolve::normalize_base("app");
  CHECK(r.base == "/app/");
  check("index.html", "/app/assets/a.js", UrlClass::local, "assets/a.js");
  check("index.html", "/other/a.js", UrlClass::outside, "/other/a.js");
}

TEST_CASE("each reference kind loads at the right time", "[analyze][graph]") {
  using parse::RefKind;
  auto load = [](RefKind kind, auto&& tweak) {
    parse::Reference r;
    r.kind = kind;
    tweak(r);
    return graph::load_of(r);
  };
  auto none = [](parse::Reference&) {};
  CHECK(load(RefKind::js_import, none) == graph::Load::initial);
  CHECK(load(RefKind::js_import, [](auto& r) { r.type_only = true; }) == graph::Load::none);
  CHECK(load(RefKind::js_dynamic_import, none) == graph::Load::lazy);
  CHECK(load(RefKind::js_worker, none) == graph::Load::lazy);
  CHECK(load(RefKind::source_map, none) == graph::Load::none);
  CHECK(load(RefKind::html_script, none) == graph::Load::initial);
  CHECK(load(RefKind::html_script, [](auto& r) { r.nomodule = true; }) == graph::Load::lazy);
  CHECK(load(RefKind::html_link, [](auto& r) { r.rel = "stylesheet"; }) == graph::Load::initial);
  CHECK(load(RefKind::html_link, [](auto& r) { r.rel = "alternate stylesheet"; }) == graph::Load::lazy);
  CHECK(load(RefKind::html_link, [](auto& r) { r.rel = "modulepreload"; }) == graph::Load::initial);
  CHECK(load(RefKind::html_link, [](auto& r) { r.rel = "prefetch"; }) == graph::Load::lazy);
  CHECK(load(RefKind::html_link, [](auto& r) { r.rel = "canonical"; }) == graph::Load::none);
  CHECK(load(RefKind::html_img, none) == graph::Load::initial);
  CHECK(load(RefKind::html_img, [](auto& r) { r.lazy = true; }) == graph::Load::lazy);
  CHECK(load(RefKind::html_srcset, none) == graph::Load::alternate);  // a group's candidate decides (graph/candidates.h)
  CHECK(load(RefKind::css_url, none) == graph::Load::initial);
  CHECK(load(RefKind::css_image_set, none) == graph::Load::lazy);  // candidates not picked yet: all lazy
}

TEST_CASE("files used by convention are never unreferenced", "[analyze][graph]") {
  for (const char* p : {"robots.txt", "favicon.ico", "sitemap.xml", "sitemap-0.xml", "_headers", "_redirects",
                        ".well-known/security.txt", "assets/a.js.map", "a.js.br", "LICENSE"})
    CHECK(graph::used_by_convention(p));
  for (const char* p : {"assets/robots.txt", "assets/a.js", "img/favicon.ico.png"}) CHECK_FALSE(graph::used_by_convention(p));
}

namespace {

// Runs the CLI inside the fixture's folder so the report names `dist`, not a machine path.
test::RunResult run_in(const std::string& dir, std::vector<std::string> args) {
  std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(dir);
  auto r = test::run_cli(args);
  std::filesystem::current_path(cwd);
  return r;
}

}  // namespace

TEST_CASE("analyze goldens: every fixture's JSON and text report", "[analyze][golden]") {
  std::string root = std::string(KILN_FIXTURES) + "/analyze";
  size_t fixtures = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    std::string dir = entry.path().string();
    std::string name = entry.path().filename().string();
    // An expected file with no fixture beside it is a leftover: fail rather than ignore it.
    INFO("fixture " << name);
    REQUIRE(std::filesystem::is_directory(dir + "/dist"));
    ++fixtures;
    auto json = run_in(dir, {"analyze", "dist", "--no-cache", "--format", "json", "-j1"});
    CHECK(json.code == 0);
    test::check_golden(dir + "/expected.json", json.out);
    auto text = run_in(dir, {"analyze", "dist", "--no-cache"});
    test::check_golden(dir + "/expected.txt", text.out + "--- stderr ---\n" + text.err);
    auto json4 = run_in(dir, {"analyze", "dist", "--no-cache", "--format", "json", "-j4"});
    CHECK(json4.out == json.out);  // -j1 and -j4: identical bytes
    // expected-sme.json: byte-identical to what `source-map-explorer dist/**/*.js --json
    // --no-border-checks` (2.5.3) prints for the same files.
    if (name == "esbuild-stats" || name == "shared-chunks") {
      auto wps = run_in(dir, {"analyze", "dist", "--no-cache", "--format", "webpack-stats"});
      CHECK(wps.code == 0);
      test::check_golden(dir + "/expected-webpack-stats.json", wps.out);
      auto sme = run_in(dir, {"analyze", "dist", "--no-cache", "--format", "source-map-explorer"});
      test::check_golden(dir + "/expected-sme.json", sme.out);
    }
    test::check_no_leftover_goldens(dir, "expected");
  }
  CHECK(fixtures == 8);
}

TEST_CASE("analyze: what each fixture page ships", "[analyze]") {
  std::string root = std::string(KILN_FIXTURES) + "/analyze";
  auto report = [&](const std::string& name) {
    auto r = run_in(root + "/" + name, {"analyze", "dist", "--no-cache", "--format", "json"});
    return nlohmann::json::parse(r.out);
  };
  auto entry = [](const nlohmann::json& j, const std::string& path) {
    for (const auto& e : j["entries"])
      if (e["path"] == path) return e;
    FAIL("no entry " << path);
    return nlohmann::json();
  };
  auto vite = report("vite-esm");
  auto index = entry(vite, "index.html");
  CHECK(index["initial"]["paths"] ==
        nlohmann::json({"assets/bg-9a8b7c6d.svg", "assets/hero-1a2b3c4d.png", "assets/index-3f2a1b9c.css",
                        "assets/index-4f2a9c1b.js", "assets/vendor-8d7e6f5a.js", "favicon.ico", "index.html"}));
  // The font loads on use, and only its first supported format: the woff is an alternative.
  CHECK(index["onUse"]["paths"] == nlohmann::json({"assets/inter-5e6f7a8b.woff2"}));
  CHECK(index["fonts"] == nlohmann::json({{{"from", "assets/index-3f2a1b9c.css"},
                                           {"path", "assets/inter-5e6f7a8b.woff2"},
                                           {"load", "on-use"},
                                           {"alternatives", {"assets/inter-5e6f7a8b.woff"}}}}));
  CHECK(index["lazy"]["paths"] ==
        nlohmann::json({"assets/below-fold-5d6e7f80.png", "assets/settings-77aa88bb.js", "assets/worker-1234abcd.js"}));
  CHECK(index["initial"]["thirdParty"] == nlohmann::json({"https://analytics.example.com/a.js"}));
  CHECK(index["initial"]["byType"].count("font") == 0);
  CHECK(index["onUse"]["byType"]["font"]["count"] == 1);
  CHECK(vite["unreferenced"] == nlohmann::json({"assets/orphan-deadbeef.js"}));

  auto cycle = report("cycle");
  CHECK(cycle["cycles"] == nlohmann::json({{"a.js", "b.js"}, {"c.js"}}));

  auto inline_page = entry(report("inline-srcset"), "index.html");
  // <picture>: the WebP source at 1280x800@1x, 100vw: the widest candidate (800w); the
  // JPEG fallback and the narrower WebP are alternatives.
  CHECK(inline_page["initial"]["paths"] ==
        nlohmann::json({"app.js", "img/a-800.webp", "img/bg.png", "img/inline-style.png", "img/poster.jpg",
                        "index.html", "manifest.webmanifest"}));
  CHECK(inline_page["images"][0]["alternatives"] ==
        nlohmann::json({"img/a-400.jpg", "img/a-400.webp", "img/a-800.jpg"}));
}

TEST_CASE("a file named by a string in shipped code counts as loaded and keeps its name", "[analyze][build]") {
  // fixtures/analyze/runtime-names: Leaflet's pattern. pins.js finds its image folder from
  // the URL pins.css gives .pins-default-path (images/pin.png, without "pin.png") and joins
  // "pin-shadow.png" and "pin-2x.png" to it.
  test::TempDir tmp;
  std::filesystem::copy(std::string(KILN_FIXTURES) + "/analyze/runtime-names", tmp.path(),
                        std::filesystem::copy_options::recursive);
  std::string warnings =
      "kiln: warning: lib/pins.js:2:50: 'pin.png' names lib/images/pin.png: code may build its URL at run time, so "
      "it counts as loaded (lazy) and keeps its name when hashing\n"
      "kiln: warning: lib/pins.js:4:46: 'pin-2x.png' names lib/images/pin-2x.png: code may build its URL at run "
      "time, so it counts as loaded (lazy) and keeps its name when hashing\n"
      "kiln: warning: lib/pins.js:4:71: 'pin-shadow.png' names lib/images/pin-shadow.png: code may build its URL at "
      "run time, so it counts as loaded (lazy) and keeps its name when hashing\n";
  auto analyzed = run_in(tmp.path(), {"analyze", "dist", "--no-cache", "--format", "json"});
  CHECK(analyzed.code == 0);
  CHECK(analyzed.err == warnings);
  auto j = nlohmann::json::parse(analyzed.out);
  CHECK(j["unreferenced"] == nlohmann::json({"lib/images/other.png"}));
  CHECK(j["entries"][0]["lazy"]["paths"] == nlohmann::json({"lib/images/pin-2x.png", "lib/images/pin-shadow.png"}));

  auto built = run_in(tmp.path(), {"build", "dist", "--no-cache", "-q"});
  CHECK(built.code == 0);
  CHECK(built.err == warnings);
  std::vector<std::string> names;
  for (const auto& [path, data] : test::read_tree(tmp / "dist"))
    if (path.find(".br") == std::string::npos && path.find(".gz") == std::string::npos) names.push_back(path);
  CHECK(names == std::vector<std::string>{"_headers", "chunk-manifest.json", "index.html", "lib/images/other.png",
                                          "lib/images/pin-2x.png", "lib/images/pin-shadow.png", "lib/images/pin.png",
                                          "lib/pins-604c9336.js", "lib/pins-f84ac907.css", "manifest.json"});
  // The stylesheet still names pin.png, so the folder pins.js strips it from is right. (The
  // first string naming pin.png is in pins.js's comment: a lexical scan does not tell.)
  CHECK(test::read_file(tmp / "dist/lib/pins-f84ac907.css").find("url(images/pin.png)") != std::string::npos);
}

TEST_CASE("analyze: a missing folder is bad usage", "[analyze]") {
  auto r = test::run_cli({"analyze", "/nonexistent/dist"});
  CHECK(r.code == 2);
  CHECK(r.err == "kiln: error: cannot open folder /nonexistent/dist: No such file or directory\n");
}

TEST_CASE("analyze: syntax errors are warnings naming the file, the place and what is wrong", "[analyze]") {
  test::TempDir t;
  test::write_file(t / "dist/index.html",
                   "<!doctype html><link rel=stylesheet href=ok.css><link rel=stylesheet href=bad.css>"
                   "<script type=module src=app.js></script>\n");
  // Valid CSS and JS that tree-sitter's grammars reject: no warning.
  test::write_file(t / "dist/ok.css", "@keyframes k{10%,90%{opacity:0}}\n.m{mask:url(#m)}\n.f{src:url(./f.woff2)}\n");
  test::write_file(t / "dist/app.js", "export const rtf = String.raw`{\\rtf1\\uc1`;\nimport('./lazy.js');\n");
  test::write_file(t / "dist/lazy.js", "export default 1;\n");
  test::write_file(t / "dist/bad.css", ".a{background:url(a.png)}\n.b{color:red\n");
  test::write_file(t / "dist/a.png", "png");
  test::write_file(t / "dist/f.woff2", "woff2");
  auto r = test::run_cli({"analyze", t / "dist", "--no-cache", "-q"});
  CHECK(r.code == 0);
  CHECK(r.err == "kiln: warning: bad.css:2:3: syntax error in css: '{' is never closed\n");
}

TEST_CASE("package.json entries: exports conditions, module, browser, main, in that order", "[analyze]") {
  auto paths = [](std::string_view text) {
    auto r = graph::package_entries(text);
    REQUIRE(r);
    std::vector<std::string> out;
    for (const auto& e : *r) out.push_back(e.field + ":" + e.path);
    return out;
  };
  CHECK(paths(R"({"main":"./index.cjs","module":"index.mjs"})") ==
        std::vector<std::string>{"module:index.mjs", "main:index.cjs"});
  CHECK(paths(R"({"exports":"./lib.js","main":"lib.js"})") == std::vector<std::string>{"exports:lib.js"});
  CHECK(paths(R"({"exports":{".":{"node":{"require":"./n.cjs"},"import":{"types":"./t.d.ts","default":"./e.mjs"},"require":"./r.cjs"},"./sub":"./sub.js"},"browser":"./b.js"})") ==
        std::vector<std::string>{"exports:e.mjs", "browser:b.js"});
  CHECK(paths(R"({"exports":{"require":"./r.cjs","default":"./d.js"}})") == std::vector<std::string>{"exports:d.js"});
  CHECK(paths(R"({"exports":{"./*":"./src/*.js"},"browser":{"./x.js":false}})").empty());
  CHECK(paths(R"({"name":"x"})").empty());
  CHECK(graph::package_entries("{\"main\":").error() ==
        "package.json:1:9: invalid JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal");
  CHECK(graph::package_entries("[]").error() == "package.json: expected a JSON object");
}

TEST_CASE("analyze: a folder without HTML pages takes its entries from package.json", "[analyze]") {
  test::TempDir t;
  test::write_file(t / "pkg/package.json", R"({"module":"./esm/index.js","main":"./cjs/index.js","browser":"./gone.js"})");
  test::write_file(t / "pkg/esm/index.js", "import {a} from './a.js';\nexport const b = () => import('./lazy.js');\n");
  test::write_file(t / "pkg/esm/a.js", "export const a = 1;\n");
  test::write_file(t / "pkg/esm/lazy.js", "export default 2;\n");
  test::write_file(t / "pkg/cjs/index.js", "module.exports = require('./a.js');\n");
  test::write_file(t / "pkg/cjs/a.js", "module.exports = 1;\n");
  test::write_file(t / "pkg/unused.js", "export const z = 0;\n");
  auto r = test::run_cli({"analyze", t / "pkg", "--no-cache", "--format", "json"});
  CHECK(r.code == 0);
  CHECK(r.err == "kiln: warning: package.json: \"browser\" names gone.js, which is not in the folder\n");
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["packageEntries"] == nlohmann::json::parse(R"([{"field":"module","path":"esm/index.js"},{"field":"main","path":"cjs/index.js"}])"));
  std::vector<std::string> entries;
  for (const auto& e : j["entries"]) entries.push_back(e["path"].get<std::string>());
  CHECK(entries == std::vector<std::string>{"cjs/index.js", "esm/index.js"});
  CHECK(j["unreferenced"] == nlohmann::json::array({"unused.js"}));

  auto text = test::run_cli({"analyze", t / "pkg", "--no-cache"});
  CHECK(text.out.find("no HTML pages: entries from package.json: esm/index.js (module), cjs/index.js (main)\n") !=
        std::string::npos);
  // A broken package.json: the reason and the place, and no entries.
  test::write_file(t / "pkg/package.json", "{\"main\": \"cjs/index.js\",}");
  auto broken = test::run_cli({"analyze", t / "pkg", "--no-cache", "--format", "json"});
  CHECK(broken.err == "kiln: warning: package.json:1:25: invalid JSON: syntax error while parsing object key - "
                      "unexpected '}'; expected string literal; no entries taken from it\n");
  CHECK(nlohmann::json::parse(broken.out)["entries"].empty());
  test::write_file(t / "pkg/package.json", R"({"module":"./esm/./index.js"})");
  auto dotted = test::run_cli({"analyze", t / "pkg", "--no-cache", "--format", "json"});
  CHECK(dotted.err.empty());
  CHECK(nlohmann::json::parse(dotted.out)["packageEntries"][0]["path"] == "esm/index.js");
  // An HTML page or --entry wins over package.json.
  auto named = test::run_cli({"analyze", t / "pkg", "--no-cache", "--format", "json", "--entry", "esm/a.js"});
  CHECK(named.err.empty());
  REQUIRE(nlohmann::json::parse(named.out)["entries"].size() == 1);
}

TEST_CASE("html report: the JSON inside <script> cannot end the element and parses back", "[analyze][html]") {
  nlohmann::json j = {{"path", "a</script><script>alert(1)</script>"}, {"c", "<!-- & \u2028 \u2029 -->"}};
  std::string safe = report::script_safe_json(j);
  for (const char* bad : {"<", ">", "&", "\u2028", "\u2029"}) CHECK(safe.find(bad) == std::string::npos);
  CHECK(nlohmann::json::parse(safe) == j);
}

TEST_CASE("html report: one page with the JSON report embedded, names escaped", "[analyze][html]") {
  test::TempDir t;
  const std::string odd = "x</script><img src=y onerror=alert(1)>.js";
  test::write_file(t / "dist/index.html", "<!doctype html><title>t</title><script src=app.js></script>\n");
  test::write_file(t / "dist/app.js", "import('./lazy.js');\n");
  test::write_file(t / "dist/lazy.js", "export default 1;\n");
  test::write_file(t / ("dist/" + odd), "export const z = 0;\n");
  auto json_run = test::run_cli({"analyze", t / "dist", "--no-cache", "--format", "json"});
  auto html_run = test::run_cli({"analyze", t / "dist", "--no-cache", "--format", "html"});
  REQUIRE(html_run.code == 0);
  const std::string& page = html_run.out;
  CHECK(page.starts_with("<!doctype html>\n"));
  CHECK(page.find("<title>kiln analyze " + t.path() + "/dist</title>") != std::string::npos);
  // The odd name appears only inside the JSON, escaped: the page has exactly its own two
  // </script> tags and no <img.
  size_t closes = 0;
  for (size_t at = page.find("</script>"); at != std::string::npos; at = page.find("</script>", at + 1)) ++closes;
  CHECK(closes == 2);
  CHECK(page.find("<img") == std::string::npos);
  const std::string open = "<script type=\"application/json\" id=\"kiln-report\">";
  size_t b = page.find(open);
  REQUIRE(b != std::string::npos);
  b += open.size();
  size_t e = page.find("</script>", b);
  CHECK(nlohmann::json::parse(page.substr(b, e - b)) == nlohmann::json::parse(json_run.out));
  CHECK(page.find("src=\"http") == std::string::npos);  // nothing loaded from elsewhere
}

TEST_CASE("parse results round-trip through the cache encoding", "[analyze][cache]") {
  parse::ParsedFile f;
  f.is_module = true;
  f.had_syntax_errors = true;
  f.first_error = parse::ParseIssue{3, 14, "unexpected token"};
  f.recovered_refs = 1;
  parse::Reference r;
  r.kind = parse::RefKind::html_srcset;
  r.specifier = "img/a-800.webp";
  r.begin = 1000000, r.end = 1000014, r.line = 70000, r.column = 3;
  r.lazy = r.decoded = r.recovered = true;
  r.rel = "preload", r.as = "image", r.media = "(min-width: 600px)", r.tag = "source", r.attr = "srcset";
  r.descriptor_w = 800;
  r.descriptor_x = 1.5f;
  f.refs = {r, parse::Reference{}};
  f.refs[1].known = false;
  auto back = parse::decode_parsed(parse::encode_parsed(f));
  REQUIRE(back);
  CHECK(parse::encode_parsed(*back) == parse::encode_parsed(f));
  CHECK(back->refs[0].specifier == "img/a-800.webp");
  CHECK(back->refs[0].descriptor_x == 1.5f);
  CHECK(back->refs[0].begin == 1000000);
  CHECK_FALSE(back->refs[1].known);
  CHECK(back->first_error->message == "unexpected token");
  std::string bytes = parse::encode_parsed(f);
  CHECK_FALSE(parse::decode_parsed(bytes.substr(0, bytes.size() - 1)));
  CHECK_FALSE(parse::decode_parsed("not a parse result"));
}
