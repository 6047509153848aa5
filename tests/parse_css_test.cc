// CSS reference extraction: @import, url() quoted and unquoted, image-set(), sourceMappingURL,
// CSS escapes, and the constructs tree-sitter-css 0.23.2 fails on (the tokenizer, not the
// tree, finds the references, so none is lost there).
#include <catch2/catch.hpp>
#include <string>

#include "parse/parser.h"

using kiln::parse::ParsedFile;
using kiln::parse::Parser;
using kiln::parse::Reference;
using kiln::parse::RefKind;
using kiln::parse::Syntax;

namespace {

void check_ranges(const std::string& src, const ParsedFile& f) {
  for (const auto& r : f.refs) {
    INFO(kiln::parse::ref_kind_name(r.kind) << " '" << r.specifier << "'");
    REQUIRE(r.end <= src.size());
    if (!r.decoded) CHECK(src.substr(r.begin, r.end - r.begin) == r.specifier);
  }
}

std::vector<std::string> summary(const ParsedFile& f) {
  std::vector<std::string> out;
  for (const auto& r : f.refs)
    out.push_back(std::string(kiln::parse::ref_kind_name(r.kind)) + " " + r.specifier + " " +
                  std::to_string(r.line) + ":" + std::to_string(r.column));
  return out;
}

}  // namespace

TEST_CASE("css: every reference form with exact ranges and line:column", "[parse]") {
  const std::string src =
      "@import 'a.css';\n"                                          // 1
      "@import url(b.css) screen;\n"                                // 2
      "@IMPORT url( \"c.css\" ) layer(base) supports(display:grid);\n"  // 3
      "/* url(commented.png) @import 'no.css'; */\n"                // 4
      ".a { background: url(x.png), url( 'y.png' ) }\n"            // 5
      ".b { background-image: image-set('i1.png' 1x, url(i2.png) 2x, \"i3.avif\" type('image/avif')) }\n"  // 6
      ".c { filter: url(#blur); mask: url(data:image/svg+xml;utf8,<svg/>) }\n"  // 7
      "@font-face { src: url(https://cdn.example/f.woff2) format('woff2'), url(./x.ttf) }\n"  // 8
      ".d { content: 'url(not-a-ref.png)'; background: -webkit-image-set('w.png' 1x) }\n"  // 9
      "/*# sourceMappingURL=old.css.map */\n"                       // 10
      "/*# sourceMappingURL=app.css.map */\n";                      // 11
  Parser parser;
  ParsedFile f = parser.parse(Syntax::css, src);
  check_ranges(src, f);
  std::vector<std::string> want = {
      "css_import a.css 1:10",
      "css_import b.css 2:13",
      "css_import c.css 3:15",
      "css_url x.png 5:22",
      "css_url y.png 5:36",
      "css_image_set i1.png 6:35",
      "css_url i2.png 6:51",
      "css_image_set i3.avif 6:64",
      "css_url #blur 7:18",
      "css_url data:image/svg+xml;utf8,<svg/> 7:36",
      "css_url https://cdn.example/f.woff2 8:23",
      "css_url ./x.ttf 8:73",
      "css_image_set w.png 9:68",
      "source_map app.css.map 11:22",
  };
  CHECK(summary(f) == want);
}

TEST_CASE("css: escapes, bad urls and functions that only look like url(", "[parse]") {
  const std::string src =
      ".a { background: url(a\\)b.png) }\n"       // escaped ) inside an unquoted url
      ".b { background: u\\72l(esc.png) }\n"      // u\72l( is url(
      ".c { background: url(a b.png) }\n"         // bad url: browsers load nothing
      ".d { background: myurl(no.png); width: 2url(x) }\n"
      ".e { background: url('q\\'uote.png') }\n"
      ".f { background: url(\"unterminated\n) }\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::css, src);
  check_ranges(src, f);
  REQUIRE(f.refs.size() == 3);
  CHECK(f.refs[0].specifier == "a)b.png");
  CHECK(f.refs[0].decoded);
  CHECK(src.substr(f.refs[0].begin, f.refs[0].end - f.refs[0].begin) == "a\\)b.png");
  CHECK(f.refs[1].specifier == "esc.png");
  CHECK_FALSE(f.refs[1].decoded);
  CHECK(f.refs[2].specifier == "q'uote.png");
  CHECK(f.refs[2].decoded);
}

TEST_CASE("css: constructs tree-sitter-css 0.23.2 fails on lose no reference and are no error", "[parse]") {
  Parser parser;
  struct Case {
    const char* name;
    std::string src;
    bool grammar_errors;  // tree-sitter-css produces ERROR nodes here (valid CSS all the same)
    std::vector<std::string> specs;
  } cases[] = {
      {"keyframe selectors 0%,to", "@keyframes k{0%,to{opacity:0}}\n.a{background:url(k.png)}\n", true, {"k.png"}},
      {"unquoted relative url", "@font-face{font-family:x;src:url(./x.ttf) format(\"truetype\"),url(../y.woff)}\n", true,
       {"./x.ttf", "../y.woff"}},
      {"@container", "@container sidebar (min-width: 400px){.card{background:url(c.png)}}\n.z{background:url(./z.png)}\n",
       true, {"c.png", "./z.png"}},
      {"nesting", ".a{ & > .b:hover{background:url(\"n.png\")} .c &{background:url(./m.png)} }\n", true,
       {"n.png", "./m.png"}},
      {"pdf.js fragment-only url() (SVG mask)",
       ".dialog.altText::backdrop{\n    -webkit-mask:url(#alttext-manager-mask);\n            mask:url(#alttext-manager-mask);\n  }\n",
       true, {"#alttext-manager-mask", "#alttext-manager-mask"}},
      {"monaco codicon @font-face",
       "@font-face {\n\tfont-family: \"codicon\";\n\tfont-display: block;\n\tsrc: url(../base/browser/ui/codicons/codicon/codicon.ttf) format(\"truetype\");\n}\n",
       true, {"../base/browser/ui/codicons/codicon/codicon.ttf"}},
      {"@namespace is not a load", "@namespace svg url(http://www.w3.org/2000/svg);\n@import 'after.css';\n", false,
       {"after.css"}},
      {"swagger-ui keyframes", "@keyframes blinker{10%,50%{opacity:0}}.x{background:url(\"data:image/svg+xml;charset=utf-8,<svg/>\")}",
       true, {"data:image/svg+xml;charset=utf-8,<svg/>"}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    ParsedFile f = parser.parse(Syntax::css, c.src);
    // kiln's tokenizer finds every one well-formed, so none is reported as an error.
    CHECK_FALSE(f.had_syntax_errors);
    CHECK_FALSE(f.first_error);
    CHECK(f.recovered_refs == 0);
    check_ranges(c.src, f);
    std::vector<std::string> got;
    for (const auto& r : f.refs) got.push_back(r.specifier);
    CHECK(got == c.specs);
  }
}

TEST_CASE("css: the damaged-region count names refs a tree-based extractor would risk", "[parse]") {
  const std::string src = ".ok{background:url(\"fine.png\")}\n@font-face{src:url(./x.ttf)\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::css, src);
  CHECK(f.had_syntax_errors);
  REQUIRE(f.refs.size() == 2);
  CHECK_FALSE(f.refs[0].recovered);
  CHECK(f.refs[1].recovered);
  CHECK(f.recovered_refs == 1);
  REQUIRE(f.first_error);
  CHECK(f.first_error->line == 2);
  CHECK(f.first_error->message == "'{' is never closed");
}

TEST_CASE("css: real syntax errors are reported where the tokenizer finds them", "[parse]") {
  Parser parser;
  struct Case {
    std::string src;
    uint32_t line, column;
    std::string message;
  } cases[] = {
      {"a{color:red}\n.b{color:blue\n", 2, 3, "'{' is never closed"},
      {"a{content:\"abc\n}\n", 1, 11, "string broken by a line break (no closing quote)"},
      {"a{}\n}\nb{}\n", 2, 1, "'}' closes nothing"},
      {"a{b:f(1]}\n", 1, 8, "']' closes the '(' opened at 1:6"},
      {"a{}\n/* open\nb{}\n", 2, 1, "comment never closed ('/*' without '*/')"},
      {"a{background:url(x y.png)}\n", 1, 17, "bad url(): a quote, space or '(' inside an unquoted url"},
  };
  for (const auto& c : cases) {
    INFO(c.src);
    ParsedFile f = parser.parse(Syntax::css, c.src);
    CHECK(f.had_syntax_errors);
    REQUIRE(f.first_error);
    CHECK(f.first_error->line == c.line);
    CHECK(f.first_error->column == c.column);
    CHECK(f.first_error->message == c.message);
  }
}
