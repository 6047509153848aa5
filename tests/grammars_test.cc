// Each pinned grammar loads under Debian's tree-sitter runtime and parses a snippet cleanly.
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "parse/grammars.h"

using kiln::parse::Language;

namespace {

std::string parse_sexp(Language lang, const char* source, bool& has_error) {
  TSParser* parser = ts_parser_new();
  REQUIRE(ts_parser_set_language(parser, kiln::parse::language(lang)));
  TSTree* tree = ts_parser_parse_string(parser, nullptr, source, static_cast<uint32_t>(std::strlen(source)));
  TSNode root = ts_tree_root_node(tree);
  has_error = ts_node_has_error(root);
  char* s = ts_node_string(root);
  std::string out = s;
  free(s);
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  return out;
}

}  // namespace

TEST_CASE("every grammar is ABI 13-14 and parses a snippet without errors", "[grammars]") {
  struct Case {
    Language lang;
    const char* source;
    const char* expect_node;
  } cases[] = {
      {Language::javascript, "import a from './a.js';\nconst b = import('./b.js');\n", "import_statement"},
      {Language::typescript, "export const x: number = 1;\ninterface A { b: string }\n", "interface_declaration"},
      {Language::tsx, "export const C = (p: {n: string}) => <div>{p.n}</div>;\n", "jsx_element"},
      {Language::css, "@import url(a.css);\nbody { background: url('x.png') }\n", "import_statement"},
      {Language::html, "<!doctype html><html><head><script src=a.js></script></head></html>\n", "script_element"},
  };
  for (const auto& c : cases) {
    INFO(kiln::parse::language_name(c.lang));
    uint32_t abi = ts_language_version(kiln::parse::language(c.lang));
    CHECK(abi >= 13);
    CHECK(abi <= 14);
    bool has_error = true;
    std::string sexp = parse_sexp(c.lang, c.source, has_error);
    CHECK_FALSE(has_error);
    CHECK(sexp.find(c.expect_node) != std::string::npos);
  }
}
