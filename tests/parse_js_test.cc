// JS/TS reference extraction: every kind with its exact byte range and line:column, the
// unknown (non-literal) forms, sourceMappingURL rules, and the grammar gaps the fallback
// scanner covers (tagged templates with invalid escapes, as in swagger-ui's bundles).
#include <catch2/catch.hpp>
#include <string>

#include "parse/js_scanner.h"
#include "parse/parsed_file_codec.h"
#include "parse/parser.h"

using kiln::parse::ParsedFile;
using kiln::parse::Parser;
using kiln::parse::Reference;
using kiln::parse::RefKind;
using kiln::parse::Syntax;

namespace {

// Every known reference's range holds exactly its specifier (unless decoding changed it).
void check_ranges(const std::string& src, const ParsedFile& f) {
  for (const auto& r : f.refs) {
    INFO(kiln::parse::ref_kind_name(r.kind) << " '" << r.specifier << "'");
    REQUIRE(r.end <= src.size());
    if (r.known && !r.decoded) CHECK(src.substr(r.begin, r.end - r.begin) == r.specifier);
  }
  for (size_t i = 1; i < f.refs.size(); ++i) CHECK(f.refs[i - 1].begin <= f.refs[i].begin);
}

const Reference* find(const ParsedFile& f, RefKind kind, const std::string& spec) {
  for (const auto& r : f.refs)
    if (r.kind == kind && r.specifier == spec) return &r;
  return nullptr;
}

// Asserts one reference: kind, text, range (the first occurrence of `quoted` + 1), line:col.
void expect_ref(const std::string& src, const ParsedFile& f, RefKind kind, const std::string& spec,
                const std::string& quoted, uint32_t line, uint32_t column) {
  INFO(kiln::parse::ref_kind_name(kind) << " '" << spec << "'");
  const Reference* r = find(f, kind, spec);
  REQUIRE(r != nullptr);
  size_t at = src.find(quoted);
  REQUIRE(at != std::string::npos);
  CHECK(r->begin == at + 1);
  CHECK(r->end == at + 1 + spec.size());
  CHECK(r->line == line);
  CHECK(r->column == column);
  CHECK(r->known);
}

}  // namespace

TEST_CASE("js: every reference kind with exact ranges and line:column", "[parse]") {
  const std::string src =
      "import a from './a.js';\n"                                                  // 1
      "export * from \"./b.js\";\n"                                                // 2
      "const c = import(/* webpackChunkName: \"c\" */ './c.js'), d = import(`./d.js`);\n"  // 3
      "const e = require('./e.cjs');\n"                                            // 4
      "const w = new Worker(new URL('./w.js', import.meta.url), {type: 'module'});\n"  // 5
      "const u = new URL('./img.png', import.meta.url);\n"                         // 6
      "importScripts('s1.js', \"s2.js\");\n"                                       // 7
      "navigator.serviceWorker.register('/sw.js');\n"                              // 8
      "new SharedWorker('./shared.js');\n"                                         // 9
      "//# sourceMappingURL=app.js.map\n";                                         // 10
  Parser parser;
  ParsedFile f = parser.parse(Syntax::javascript, src);
  check_ranges(src, f);
  CHECK(f.is_module);
  CHECK_FALSE(f.had_syntax_errors);
  CHECK(f.refs.size() == 12);
  expect_ref(src, f, RefKind::js_import, "./a.js", "'./a.js'", 1, 16);
  expect_ref(src, f, RefKind::js_export_from, "./b.js", "\"./b.js\"", 2, 16);
  expect_ref(src, f, RefKind::js_dynamic_import, "./c.js", "'./c.js'", 3, 47);
  expect_ref(src, f, RefKind::js_dynamic_import, "./d.js", "`./d.js`", 3, 69);
  expect_ref(src, f, RefKind::js_require, "./e.cjs", "'./e.cjs'", 4, 20);
  expect_ref(src, f, RefKind::js_worker, "./w.js", "'./w.js'", 5, 31);
  CHECK(find(f, RefKind::js_worker, "./w.js")->is_module);
  CHECK(find(f, RefKind::js_url, "./w.js") == nullptr);  // the worker's URL is one ref, not two
  expect_ref(src, f, RefKind::js_url, "./img.png", "'./img.png'", 6, 20);
  expect_ref(src, f, RefKind::js_import_scripts, "s1.js", "'s1.js'", 7, 16);
  expect_ref(src, f, RefKind::js_import_scripts, "s2.js", "\"s2.js\"", 7, 25);
  expect_ref(src, f, RefKind::js_service_worker, "/sw.js", "'/sw.js'", 8, 35);
  expect_ref(src, f, RefKind::js_worker, "./shared.js", "'./shared.js'", 9, 19);
  const Reference* map = find(f, RefKind::source_map, "app.js.map");
  REQUIRE(map);
  CHECK(map->begin == src.find("app.js.map"));
  CHECK(map->line == 10);
  CHECK(map->column == 22);
}

TEST_CASE("js: service worker and worker registered through new URL(…, import.meta.url)", "[parse]") {
  const std::string src =
      "navigator.serviceWorker.register(new URL('./sw.js', import.meta.url), {type: 'module'});\n"
      "navigator.serviceWorker.register(swUrl);\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::javascript, src);
  check_ranges(src, f);
  REQUIRE(f.refs.size() == 2);
  expect_ref(src, f, RefKind::js_service_worker, "./sw.js", "'./sw.js'", 1, 43);
  CHECK(f.refs[0].is_module);
  CHECK(f.refs[1].kind == RefKind::js_service_worker);
  CHECK_FALSE(f.refs[1].known);

  std::vector<Reference> lexical;
  kiln::parse::scan_js_refs(src, lexical);
  REQUIRE(lexical.size() == 1);
  CHECK(lexical[0].kind == RefKind::js_service_worker);
  CHECK(lexical[0].begin == f.refs[0].begin);
}

TEST_CASE("js: non-literal specifiers are recorded as unknown, not dropped", "[parse]") {
  const std::string src =
      "import(name); import(`./pages/${p}.js`); require(x); new Worker(url);\n"
      "new URL(file, import.meta.url); new URL('./x', location.href); a.require('no');\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::javascript, src);
  check_ranges(src, f);
  CHECK(f.is_module);  // import.meta.url
  int unknown = 0;
  for (const auto& r : f.refs) {
    if (r.known) continue;
    ++unknown;
    CHECK(r.specifier.empty());
    CHECK(r.end > r.begin);  // the argument expression's range, for messages
  }
  CHECK(unknown == 5);  // import(name), import(`…${p}`), require(x), Worker(url), URL(file, …)
  CHECK(f.refs.size() == 5);  // new URL(…, location.href) and a.require(…) are not file refs
  const Reference& tpl = f.refs[1];
  CHECK(tpl.kind == RefKind::js_dynamic_import);
  CHECK(src.substr(tpl.begin, tpl.end - tpl.begin) == "`./pages/${p}.js`");
}

TEST_CASE("js: escapes are decoded and flagged, ranges stay raw", "[parse]") {
  const std::string src = "import './a\\x2ejs'; import './\\u{62}.js'; import './plain.js';\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::javascript, src);
  REQUIRE(f.refs.size() == 3);
  CHECK(f.refs[0].specifier == "./a.js");
  CHECK(f.refs[0].decoded);
  CHECK(src.substr(f.refs[0].begin, f.refs[0].end - f.refs[0].begin) == "./a\\x2ejs");
  CHECK(f.refs[1].specifier == "./b.js");
  CHECK(f.refs[1].decoded);
  CHECK_FALSE(f.refs[2].decoded);
  check_ranges(src, f);
}

TEST_CASE("js: sourceMappingURL only from the last such comment", "[parse]") {
  Parser parser;
  {
    const std::string src = "//# sourceMappingURL=old.map\nvar s = '//# sourceMappingURL=str.map';\n//@ sourceMappingURL=new.map\n";
    ParsedFile f = parser.parse(Syntax::javascript, src);
    REQUIRE(f.refs.size() == 1);
    CHECK(f.refs[0].specifier == "new.map");
    CHECK(f.refs[0].line == 3);
    check_ranges(src, f);
  }
  {  // the last occurrence is in a string: the comment before it is the map
    const std::string src = "//# sourceMappingURL=real.map\nvar s = \"\\n//# sourceMappingURL=\" + x;\n";
    ParsedFile f = parser.parse(Syntax::javascript, src);
    REQUIRE(f.refs.size() == 1);
    CHECK(f.refs[0].specifier == "real.map");
  }
  {
    const std::string src = "x();\n/*# sourceMappingURL=data:application/json;base64,eyJ9 */\n";
    ParsedFile f = parser.parse(Syntax::javascript, src);
    REQUIRE(f.refs.size() == 1);
    CHECK(f.refs[0].specifier == "data:application/json;base64,eyJ9");
    check_ranges(src, f);
  }
}

TEST_CASE("js: module detection", "[parse]") {
  Parser parser;
  CHECK(parser.parse(Syntax::javascript, "export const a = 1;").is_module);
  CHECK(parser.parse(Syntax::javascript, "console.log(import.meta.url);").is_module);
  CHECK_FALSE(parser.parse(Syntax::javascript, "module.exports = require('./a');").is_module);
}

TEST_CASE("ts/tsx: import type, export type, import = require", "[parse]") {
  const std::string src =
      "import type { A } from './types';\n"
      "import { b } from './b';\n"
      "export type { C } from './c';\n"
      "import fs = require('fs');\n"
      "const x: Promise<typeof import('./lazy')> = import('./lazy');\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::typescript, src);
  check_ranges(src, f);
  REQUIRE(find(f, RefKind::js_import, "./types"));
  CHECK(find(f, RefKind::js_import, "./types")->type_only);
  CHECK_FALSE(find(f, RefKind::js_import, "./b")->type_only);
  REQUIRE(find(f, RefKind::js_export_from, "./c"));
  CHECK(find(f, RefKind::js_export_from, "./c")->type_only);
  expect_ref(src, f, RefKind::js_require, "fs", "'fs'", 4, 22);
  CHECK(find(f, RefKind::js_dynamic_import, "./lazy"));
  CHECK_FALSE(f.had_syntax_errors);

  const std::string tsx = "import React from 'react';\nexport const C = () => <img src={import.meta.url} />;\nimport('./page');\n";
  ParsedFile g = parser.parse(Syntax::tsx, tsx);
  check_ranges(tsx, g);
  CHECK_FALSE(g.had_syntax_errors);
  CHECK(g.refs.size() == 2);
}

TEST_CASE("js: tagged templates with invalid escapes (swagger-ui) lose no reference and are no error", "[parse]") {
  // Valid JS (ES2018 allows any escape in a tagged template), but tree-sitter-javascript
  // 0.23.1 puts ERROR nodes in it: kiln recognises those and reports nothing. Reduced from
  // swagger-ui.js's MediaTypeRegistry.
  const std::string src =
      "const fo={\"application/rtf\":()=>String.raw`{\\rtf1\\adeflang1025\\ansi\\uc1`,\n"
      "\"x\":()=>import(\"./lazy-a.js\")};\n"
      "const u=String.raw`\\u{`+require(\"./r.js\"), v=f`\\unicode ${import(\"./in-sub.js\")}`;\n"
      "export {x} from \"./e.js\";\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::javascript, src);
  CHECK_FALSE(f.had_syntax_errors);
  CHECK_FALSE(f.first_error);
  check_ranges(src, f);
  expect_ref(src, f, RefKind::js_dynamic_import, "./lazy-a.js", "\"./lazy-a.js\"", 2, 17);
  expect_ref(src, f, RefKind::js_require, "./r.js", "\"./r.js\"", 3, 34);
  CHECK(find(f, RefKind::js_dynamic_import, "./in-sub.js"));
  CHECK(find(f, RefKind::js_export_from, "./e.js"));
  CHECK(f.refs.size() == 4);
  CHECK(f.recovered_refs == 0);

  // Without a tag the same escape is a syntax error, reported at the escape.
  const std::string untagged = "const t=`{\\rtf1\\uc1`;\nimport(\"./after.js\");\n";
  ParsedFile g = parser.parse(Syntax::javascript, untagged);
  CHECK(g.had_syntax_errors);
  REQUIRE(g.first_error);
  CHECK(g.first_error->line == 1);
  CHECK(g.first_error->column == untagged.find("\\uc1") + 1);
  CHECK(g.first_error->message == "unexpected '\\uc1' (the tree-sitter grammar rejects this construct)");
  CHECK(find(g, RefKind::js_dynamic_import, "./after.js"));
}

TEST_CASE("js: references inside a region the grammar gives up on are recovered", "[parse]") {
  const std::string src = "import a from './a.js';\nclass { import('./z.js') }\nimport('./after.js');\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::javascript, src);
  CHECK(f.had_syntax_errors);
  check_ranges(src, f);
  const Reference* z = find(f, RefKind::js_dynamic_import, "./z.js");
  REQUIRE(z);
  CHECK(z->line == 2);
  CHECK(z->column == 17);
  CHECK(z->recovered);
  CHECK(f.recovered_refs == 1);
  CHECK(find(f, RefKind::js_import, "./a.js"));
  CHECK(find(f, RefKind::js_dynamic_import, "./after.js"));
  CHECK(f.refs.size() == 3);
}

TEST_CASE("js fallback scanner: every literal form, strings/comments/regex skipped", "[parse]") {
  const std::string src =
      "import x from './a.js'; export {y} from './b.js'; import './side.css';\n"
      "// import('./commented.js')\n"
      "/* require('./block.js') */\n"
      "const s = \"import('./in-string.js')\", r = /import\\('.\\/re.js'\\)/g, q = a / b / c;\n"
      "const t = `require('./in-template.js') ${import('./sub.js')}`;\n"
      "import(`./tpl.js`); require('./r.js'); self.importScripts('i1.js', 'i2.js');\n"
      "navigator.serviceWorker.register('/sw.js'); new Worker(new URL('./w.js', import.meta.url));\n"
      "new URL('./u.png', import.meta.url); new SharedWorker('./sh.js'); o.require('./member.js');\n"
      "const list = ['a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p','q','r'];\n"
      "importScripts('1.js','2.js','3.js','4.js','5.js','6.js','7.js','8.js','9.js', f('no.js'));\n";
  std::vector<Reference> refs;
  kiln::parse::scan_js_refs(src, refs);
  std::vector<std::string> got;
  for (const auto& r : refs) {
    got.push_back(std::string(kiln::parse::ref_kind_name(r.kind)) + " " + r.specifier);
    CHECK(src.substr(r.begin, r.end - r.begin) == r.specifier);
  }
  std::vector<std::string> want = {
      "js_import ./a.js",          "js_export_from ./b.js",     "js_import ./side.css",
      "js_dynamic_import ./sub.js", "js_dynamic_import ./tpl.js", "js_require ./r.js",
      "js_import_scripts i1.js",   "js_import_scripts i2.js",   "js_service_worker /sw.js",
      "js_worker ./w.js",          "js_url ./u.png",            "js_worker ./sh.js",
  };
  for (int i = 1; i <= 9; ++i) want.push_back("js_import_scripts " + std::to_string(i) + ".js");
  CHECK(got == want);
}

namespace {

// The same file parsed whole and in pieces of at least `piece` bytes (files over 64 bytes).
std::pair<std::string, std::string> whole_and_pieces(const std::string& src, uint32_t piece) {
  Parser whole;
  Parser pieces({64, piece});
  return {kiln::parse::encode_parsed(whole.parse(Syntax::javascript, src)),
          kiln::parse::encode_parsed(pieces.parse(Syntax::javascript, src))};
}

}  // namespace

TEST_CASE("js scanner: top-level statement ends, never inside brackets, strings, templates, regexes", "[parse]") {
  std::string src = "a(1);for(;;){x;}b=\";\";c=/;/g;d=`;${e;}`;f=[1;2];\n// ;\n/* ; */g;";
  std::vector<uint32_t> want;
  for (std::string end : {"a(1);", "b=\";\";", "c=/;/g;", "}`;", "2];", "*/g;"})
    want.push_back(uint32_t(src.find(end) + end.size()));
  CHECK(kiln::parse::statement_cuts(src, 1).ends == want);
  CHECK(kiln::parse::statement_cuts(src, 1).body_end == 0);
  // At least `spacing` bytes apart.
  CHECK(kiln::parse::statement_cuts(src, 20).ends == std::vector<uint32_t>{want[1], want[4]});
}

TEST_CASE("js scanner: a file that is one wrapper function is cut inside the function's body", "[parse]") {
  std::string src = "/* (c) */\n(function(){var a={b:1;};f(1);g(`${x;}`);})();\n";
  auto cuts = kiln::parse::statement_cuts(src, 1);
  CHECK(cuts.body_begin == src.find('{') + 1);
  CHECK(cuts.body_end == src.find("})()"));
  CHECK(cuts.ends == std::vector<uint32_t>{uint32_t(src.find("f(1)")), uint32_t(src.find("g(")),
                                           uint32_t(src.find("})()"))});
  // The first block holds less than half the text: top-level cuts.
  CHECK(kiln::parse::statement_cuts("(()=>{a();})();var long_name_here=1;", 1).body_end == 0);
}

TEST_CASE("js in pieces: the same references, module flag, chunk runtime and source map as parsed whole", "[parse]") {
  std::string src = "import a from './a.js';\n";
  for (int i = 0; i < 40; ++i) {
    std::string n = std::to_string(i);
    src += "function f" + n + "(x){return x+" + n + ";}\nconst s" + n + "='it;s';\n";
    if (i % 7 == 0) src += "const l" + n + "=()=>import('./lazy-" + n + ".js');\n";
    if (i % 9 == 0) src += "new Worker(new URL('./w" + n + ".js',import.meta.url),{type:'module'});\n";
    if (i % 11 == 0) src += "importScripts('./s" + n + ".js');require(`./r" + n + ".js`);\n";
  }
  src += "var r={};r.u=e=>e+\".\"+{1:\"ab\",2:\"cd\"}[e]+\".js\";r.p=\"/static/\";r.e(1);r.e(2);__webpack_require__;\n";
  src += "export * from './b.js';\n//# sourceMappingURL=app.js.map\n";
  auto [whole, pieces] = whole_and_pieces(src, 100);
  CHECK(pieces == whole);
  Parser parser({64, 100});
  ParsedFile f = parser.parse(Syntax::javascript, src);
  CHECK(parser.js_pieces() > 10);
  CHECK(f.is_module);
  CHECK(f.chunk_runtime.has_value());
  CHECK(find(f, RefKind::source_map, "app.js.map") != nullptr);
  CHECK(find(f, RefKind::js_dynamic_import, "./lazy-35.js") != nullptr);
  expect_ref(src, f, RefKind::js_export_from, "./b.js", "'./b.js'", 98, 16);
  check_ranges(src, f);
}

TEST_CASE("js in pieces: a wrapper function's body, as monaco-editor's bundles", "[parse]") {
  std::string body;
  for (int i = 0; i < 40; ++i) {
    std::string n = std::to_string(i);
    body += "define('m" + n + "',['require','./d" + n + "'],function(r){var s='a;b';return require('./x" + n + ".js');});\n";
    if (i % 8 == 0) body += "var w" + n + "=new Worker(new URL('./w" + n + ".js',import.meta.url));\n";
  }
  for (std::string wrapper : {"(function() {\n%})();\n//# sourceMappingURL=m.js.map\n", "!function(e){%}(this);"}) {
    std::string src = wrapper.substr(0, wrapper.find('%')) + body + wrapper.substr(wrapper.find('%') + 1);
    INFO(wrapper);
    auto [whole, pieces] = whole_and_pieces(src, 100);
    CHECK(pieces == whole);
    Parser parser({64, 100});
    ParsedFile f = parser.parse(Syntax::javascript, src);
    CHECK(parser.js_pieces() > 10);
    CHECK(find(f, RefKind::js_require, "./x39.js") != nullptr);
    CHECK(find(f, RefKind::js_worker, "./w32.js") != nullptr);
    check_ranges(src, f);
  }
  // References in the text around the body, and in the call holding it, are found once.
  std::string src = "require(['./a.js'],function() {\n" + body + "},require('./y.js'));define(x,{});\n//# sourceMappingURL=m.map\n";
  auto [whole, pieces] = whole_and_pieces(src, 100);
  CHECK(pieces == whole);
  Parser parser({64, 100});
  ParsedFile f = parser.parse(Syntax::javascript, src);
  CHECK(parser.js_pieces() > 10);
  CHECK(find(f, RefKind::js_require, "./y.js") != nullptr);
  CHECK(find(f, RefKind::source_map, "m.map") != nullptr);
}

TEST_CASE("js in pieces: a syntax error or a cut guessed wrong gives the whole parse's result", "[parse]") {
  std::string body;
  for (int i = 0; i < 30; ++i) body += "let v" + std::to_string(i) + "=require('./m" + std::to_string(i) + ".js');\n";
  SECTION("a syntax error in the middle") {
    auto [whole, pieces] = whole_and_pieces(body + "let = = ;\n" + body, 64);
    CHECK(pieces == whole);
    CHECK(Parser({64, 64}).parse(Syntax::javascript, body + "let = = ;\n" + body).had_syntax_errors);
  }
  SECTION("a regex after `)` is read as a division: its `;` is taken for a statement end") {
    std::string src = body + "if (x) /;'/.test(y);\n" + body;
    auto [whole, pieces] = whole_and_pieces(src, 1);
    CHECK(pieces == whole);
    Parser parser({64, 1});
    CHECK_FALSE(parser.parse(Syntax::javascript, src).had_syntax_errors);
    CHECK(parser.js_pieces() == 61);  // 30 + 1 (the wrong cut, run on to the next) + 29 + the last newline
  }
}

TEST_CASE("strings naming an asset file become asset_name references, other references do not", "[parse]") {
  kiln::parse::Parser parser;
  std::string js =
      "import x from './x.js';\n"
      "const u = new URL('./hero.png', import.meta.url);\n"
      "const o = { icon: 'marker-icon.png', shadow: \"img/marker-shadow.png\", ext: '.png', page: 'a.html' };\n"
      "const t = `fonts/a.woff2` + 'has space.png' + 'x\\'y.png';\n"
      "const w = /pin\\.png[\"']?\\)$/;\n";
  auto parsed = parser.parse(kiln::parse::Syntax::javascript, js);
  std::vector<std::string> names;
  for (const auto& r : parsed.refs)
    if (r.kind == kiln::parse::RefKind::asset_name)
      names.push_back(r.specifier + "@" + std::to_string(r.line) + ":" + std::to_string(r.column));
  CHECK(names == std::vector<std::string>{"marker-icon.png@3:20", "img/marker-shadow.png@3:47", "fonts/a.woff2@4:12"});
}
