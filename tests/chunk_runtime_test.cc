// Bundler chunk loading read from the code: webpack 5 / Rspack (`X.u`, `X.e(id)`, `X.E(id)`),
// webpack 4 (`jsonpScriptSrc`), minified and not, into lazy edges with the call's position; a
// runtime kiln cannot read is said once per file; chunk files keep their names when hashing.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "parse/chunk_runtime.h"
#include "parse/parser.h"
#include "test_util.h"

using namespace kiln;
using nlohmann::json;

namespace {

json analyze(const std::string& dir, const std::string& entry) {
  auto r = test::run_cli({"analyze", dir, "--entry", entry, "--no-cache", "--format", "json"});
  INFO(r.err);
  return json::parse(r.out);
}

// "from to kind line:column" of the edges of kind js_chunk.
std::vector<std::string> chunk_edges(const json& report) {
  std::vector<std::string> out;
  for (const auto& e : report["edges"])
    if (e["kind"] == "js_chunk") out.push_back(e["from"].get<std::string>() + " " + e["to"].get<std::string>());
  return out;
}

std::vector<std::string> messages(const json& report) {
  std::vector<std::string> out;
  for (const auto& d : report["diagnostics"])
    out.push_back(d["path"].get<std::string>() + ":" + std::to_string(d.value("line", 0)) + ":" +
                  std::to_string(d.value("column", 0)) + ": " + d["message"].get<std::string>());
  return out;
}

std::vector<std::string> lazy_paths(const json& report) {
  std::vector<std::string> out;
  for (const auto& p : report["entries"][0]["lazy"]["paths"]) out.push_back(p.get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("webpack 5 minified: X.u names chunks, X.e(id) and X.E(id) are lazy edges", "[chunks]") {
  test::TempDir t;
  // The shape webpack 5.113 writes with mode=production (names and hashes shortened).
  test::write_file(t / "dist/main.js",
                   "(()=>{var e,t,r={},n=e=>{};n.e=e=>Promise.all([]),\n"
                   "n.u=e=>({14:\"later\"}[e]||e)+\".\"+{14:\"aa\",176:\"bb\",901:\"cc\"}[e]+\".js\",\n"
                   "n.miniCssF=e=>\"css/\"+e+\".css\",n.p=\"/\";"
                   "var o=self.webpackChunkapp=self.webpackChunkapp||[];\n"
                   "n.O(0,[792],()=>{n.E(14)},5);\n"
                   "document.body.onclick=()=>Promise.all([n.e(901),n.e(176)]).then(n.bind(n,8739))})();\n");
  test::write_file(t / "dist/later.aa.js", "(self.webpackChunkapp=self.webpackChunkapp||[]).push([[14],{}]);");
  test::write_file(t / "dist/176.bb.js",
                   "(self.webpackChunkapp=self.webpackChunkapp||[]).push([[176],{1:(e,t,r)=>{r.e(\"901\")}}]);");
  test::write_file(t / "dist/901.cc.js", "(self.webpackChunkapp=self.webpackChunkapp||[]).push([[901],{}]);");
  test::write_file(t / "dist/css/176.css", "a{}");
  auto report = analyze(t / "dist", "main.js");
  CHECK(chunk_edges(report) == std::vector<std::string>{"176.bb.js 901.cc.js", "main.js 176.bb.js", "main.js 901.cc.js",
                                                        "main.js css/176.css", "main.js later.aa.js"});
  CHECK(lazy_paths(report) == std::vector<std::string>{"176.bb.js", "901.cc.js", "css/176.css", "later.aa.js"});
  CHECK(report["unreferenced"].empty());
  CHECK(messages(report).empty());
}

TEST_CASE("webpack 5 development and webpack 4: the runtime's forms and the call's line:column", "[chunks]") {
  test::TempDir t;
  test::write_file(t / "dev/main.js",
                   "/******/ \t\t__webpack_require__.u = (chunkId) => {\n"
                   "/******/ \t\t\tif (chunkId === \"vendors\") return \"v.js\";\n"
                   "/******/ \t\t\treturn \"\" + chunkId + \".\" + {\"src_a_js\":\"1a2b\"}[chunkId] + \".js\";\n"
                   "/******/ \t\t};\n"
                   "__webpack_require__.e(/*! import() */ \"src_a_js\").then(x);\n"
                   "  Promise.all([__webpack_require__.e(\"vendors\")]);\n");
  test::write_file(t / "dev/src_a_js.1a2b.js", "x");
  test::write_file(t / "dev/v.js", "x");
  auto dev = analyze(t / "dev", "main.js");
  CHECK(chunk_edges(dev) == std::vector<std::string>{"main.js src_a_js.1a2b.js", "main.js v.js"});
  CHECK(messages(dev).empty());

  // webpack 4, minified: jsonpScriptSrc under another name, the public path in front.
  test::write_file(t / "v4/static/js/main.js",
                   "!function(e){function u(e){return a.p+\"static/js/\"+({0:\"about\"}[e]||e)+\".\"+"
                   "{0:\"31d6\",1:\"9f8e\"}[e]+\".chunk.js\"}function a(t){}a.e=function(t){},a.p=\"/\";"
                   "var l=window.webpackJsonp=window.webpackJsonp||[]}([]);\n"
                   "a.e(0).then(a.bind(null,12));a.e(1)");
  test::write_file(t / "v4/static/js/about.31d6.chunk.js", "(window.webpackJsonp=window.webpackJsonp||[]).push([[0],{}])");
  test::write_file(t / "v4/static/js/1.9f8e.chunk.js", "(window.webpackJsonp=window.webpackJsonp||[]).push([[1],{}])");
  auto v4 = analyze(t / "v4", "static/js/main.js");
  CHECK(chunk_edges(v4) == std::vector<std::string>{"static/js/main.js static/js/1.9f8e.chunk.js",
                                                    "static/js/main.js static/js/about.31d6.chunk.js"});
  CHECK(messages(v4).empty());

  // The position of a call: parse the dev file directly.
  parse::Parser parser;
  auto parsed = parser.parse(parse::Syntax::javascript, test::read_file(t / "dev/main.js"));
  std::vector<std::string> calls;
  for (const auto& r : parsed.refs)
    if (r.kind == parse::RefKind::js_chunk)
      calls.push_back(r.specifier + "@" + std::to_string(r.line) + ":" + std::to_string(r.column));
  CHECK(calls == std::vector<std::string>{"src_a_js@5:40", "vendors@6:39"});
}

TEST_CASE("a runtime kiln cannot read, and ids it cannot name, are said once per file", "[chunks]") {
  test::TempDir t;
  test::write_file(t / "dist/main.js",
                   "var n={};n.u=e=>e+\".\"+hashes(e)+\".js\";self.webpackChunkapp=[];n.e(1);n.e(2);\n");
  test::write_file(t / "dist/chunk.js", "(self.webpackChunkother=[]).push([[3],{1:(e,t,r)=>{r.e(7);r.e(8)}}]);");
  auto report = analyze(t / "dist", "main.js");
  CHECK(chunk_edges(report).empty());
  auto got = messages(report);
  REQUIRE(got.size() == 3);
  CHECK(got[0] == "chunk.js:1:56: 2 chunks loaded by id ('7', '8'): no webpack runtime in the folder uses "
                  "'webpackChunkother' names their files; not counted");
  CHECK(got[1] == "main.js:1:10: webpack's chunk runtime is not understood (the chunk file name function uses "
                  "'hashes(e)', not only strings, the chunk id and id maps): the chunks it loads by id are not counted");
  CHECK(got[2].rfind("main.js:1:", 0) == 0);
  CHECK(got[2].find("2 chunks loaded by id ('1', '2')") != std::string::npos);
}

TEST_CASE("X.e(5) outside webpack's code is not a chunk load", "[chunks]") {
  parse::Parser parser;
  auto parsed = parser.parse(parse::Syntax::javascript, "const m = Math; m.e(5); vec.E(2);");
  for (const auto& r : parsed.refs) CHECK(r.kind != parse::RefKind::js_chunk);
  CHECK(!parsed.chunk_runtime);
}

TEST_CASE("chunk files loaded by id keep their names when hashing", "[chunks][hash]") {
  test::TempDir t;
  test::write_file(t / "dist/index.html", "<script src=\"main.js\"></script>");
  test::write_file(t / "dist/main.js", "var n={};n.u=e=>e+\".js\";self.webpackChunkapp=[];n.e(5);");
  test::write_file(t / "dist/5.js", "(self.webpackChunkapp=self.webpackChunkapp||[]).push([[5],{}]);");
  auto r = test::run_cli({"hash", t / "dist", "--no-cache", "-q"});
  INFO(r.err);
  CHECK(test::exists(t / "dist/5.js"));
  CHECK(test::read_file(t / "dist/5.js").find("push([[5]") != std::string::npos);
}
