// kiln graph's skim (source/skim.h): which bodies are blanked, and that the facts of a
// skimmed parse are the full parse's, byte for byte (encode_facts), on the forms the walk
// reads. `[.skim-corpus]` checks the same on every file of KILN_SKIM_CORPUS (a real tree).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "source/extractor.h"
#include "source/facts_codec.h"
#include "source/skim.h"

using namespace kiln::source;

namespace {

// `src` with the inert bodies blanked to spaces (newlines kept).
std::string blanked(std::string_view src) {
  auto ranges = inert_bodies(src);
  if (ranges.empty()) return "(not skimmed)";
  std::string out(src);
  for (auto [b, e] : ranges)
    for (uint32_t j = b; j < e; ++j)
      if (out[j] != '\n') out[j] = ' ';
  return out;
}

// The facts of a skimmed and of a full parse, encoded.
std::pair<std::string, std::string> both(SourceSyntax syntax, std::string_view code) {
  SourceExtractor skim, full;
  full.set_skim(false);
  return {encode_facts(skim.extract(syntax, code)), encode_facts(full.extract(syntax, code))};
}

}  // namespace

TEST_CASE("graph skim: call arguments and bodies without walked words are blanked", "[graph]") {
  CHECK(blanked("import { a } from './a';\ndescribe('x', () => {\n  it('y', () => a(1));\n});\n") ==
        "import { a } from './a';\ndescribe(            \n                      \n );\n");
  // A body that reads require/import()/a namespace is kept; its inert calls still go.
  CHECK(blanked("import * as ns from './n';\nfunction f(p) {\n  g(p);\n  return ns.x;\n}\n") ==
        "import * as ns from './n';\nfunction f( ) {\n  g( );\n  return ns.x;\n}\n");
  CHECK(blanked("it('r', async () => {\n  const m = await import('./m');\n  t(m, u(1));\n});\n") ==
        "it('r', async () => {\n  const m = await import('./m');\n  t(m, u( ));\n});\n");
  // `if ( )`, `x as ( )`, `a[ ]` would not parse: kept.
  CHECK(blanked("if (a(b)) { c(d); }\n") == "if (a( )) {       }\n");
  CHECK(blanked("const s = `${f(1)}`;\n") == "const s = `${f( )}`;\n");
  CHECK(blanked("const r = /[(]/.test(x(1));\n") == "const r = /[(]/.test(    );\n");
  CHECK(blanked("export { a };\n") == "(not skimmed)");
  CHECK(blanked("const x = <div>it's</div>;\n") == "(not skimmed)");  // JSX
  CHECK(blanked("f('unterminated);\n") == "(not skimmed)");
  CHECK(blanked("f(a));\n") == "(not skimmed)");
}

TEST_CASE("graph skim: the facts are the full parse's", "[graph]") {
  const char* cases[] = {
      "import { a } from './a';\ndescribe('x', () => { it('y', () => { expect(a(1)).toBe(2); }); });\n",
      "describe('d', () => { const m = require('./m'); const { b } = require('./b'); m.go(b); });\n",
      "function later() { return ns.x + ns['y']; }\nimport * as ns from './ns';\nuse(() => pass(ns));\n",
      "it('a', async () => { const lazy = await import('./lazy'); lazy.run(); import(name); });\n",
      "const w = () => new Worker(new URL('./w.js', import.meta.url));\nconst g = () => import.meta.glob('./p/*.ts');\n",
      "const u = () => { return new URL(`./a-${x}.png`, import.meta.url); };\nf(require.resolve('./r'));\n",
      "export const { a, b: [c] } = make(1, 2);\nexport function f(x: number): void { g(x); }\nexport default fn(1);\n",
      "function setup() { module.exports.x = 1; exports.y = h(2); }\nObject.assign(module.exports, { z: 1 });\n",
      "class A extends B { m(p) { return p(1); } static s() { q(); } }\nexport { A };\n",
      "function f(ns) { return ns.inner(1); }\nimport * as ns from './ns';\n",
      "const x = a / b / c;\nconst r = (y) => /[)]/.test(y(1));\n",
      "describe('broken', () => { let = ; });\nimport './side';\n",
      "/// <reference path=\"./types.d.ts\" />\nswitch (k(1)) { case 1: f(2); }\nfor (const i of it(3)) { g(4); }\n",
  };
  for (const char* code : cases) {
    INFO(code);
    auto [skimmed, full] = both(SourceSyntax::typescript, code);
    CHECK(skimmed == full);
    auto [skimmed_js, full_js] = both(SourceSyntax::javascript, code);
    CHECK(skimmed_js == full_js);
  }
}

// KILN_SKIM_CORPUS=corpus/graph/rxjs build/kiln_tests "[.skim-corpus]"
TEST_CASE("graph skim: a real tree's facts are the full parse's", "[.skim-corpus]") {
  const char* root = std::getenv("KILN_SKIM_CORPUS");
  REQUIRE(root);
  SourceExtractor skim, full;
  full.set_skim(false);
  size_t files = 0, skimmed = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(root); it != std::filesystem::recursive_directory_iterator();
       ++it) {
    if (it->is_directory() && it->path().filename() == "node_modules") {
      it.disable_recursion_pending();
      continue;
    }
    auto path = it->path().string();
    auto syntax = source_syntax(path);
    if (!it->is_regular_file() || !is_code(syntax)) continue;
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string code = ss.str();
    ++files;
    skimmed += !inert_bodies(code).empty();
    INFO(path);
    CHECK(encode_facts(skim.extract(syntax, code)) == encode_facts(full.extract(syntax, code)));
  }
  WARN(files << " files, " << skimmed << " skimmed");
}
