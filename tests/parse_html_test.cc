// HTML reference extraction: URL attributes with their load semantics, srcset per the HTML
// spec, entities, inline <script>/<style>/style="" with offsets in the HTML file; and web
// manifest icons.
#include <catch2/catch.hpp>
#include <string>

#include "parse/parser.h"
#include "parse/srcset.h"

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
    if (r.known && !r.decoded) CHECK(src.substr(r.begin, r.end - r.begin) == r.specifier);
    // line:column agree with the offset
    size_t nl = src.rfind('\n', r.begin == 0 ? 0 : r.begin - 1);
    uint32_t line = 1;
    for (size_t i = 0; i < r.begin; ++i) line += src[i] == '\n';
    CHECK(r.line == line);
    CHECK(r.column == r.begin - (nl == std::string::npos || r.begin == 0 ? 0 : nl + 1) + 1);
  }
}

const Reference* find(const ParsedFile& f, RefKind kind, const std::string& spec) {
  for (const auto& r : f.refs)
    if (r.kind == kind && r.specifier == spec) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("html: URL attributes, quoting styles and load semantics", "[parse]") {
  const std::string src =
      "<!doctype html>\n<html><head>\n"
      "<base href=\"/app/\">\n"
      "<script type=\"module\" src=\"./main.js\"></script>\n"
      "<script nomodule src='legacy.js' defer></script>\n"
      "<script async src=analytics.js></script>\n"
      "<link rel=\"stylesheet\" href=\"style.css\" media=\"print\">\n"
      "<link rel=modulepreload href=\"chunk.js\">\n"
      "<link rel=\"preload\" as=\"font\" href=\"f.woff2\" crossorigin>\n"
      "<link rel=\"Shortcut Icon\" href=\"favicon.ico\"><link rel=manifest href=\"/site.webmanifest\">\n"
      "<link rel=\"apple-touch-icon\" href=\"  touch.png  \">\n"
      "</head><body>\n"
      "<a href=\"other.html\">not a load</a>\n"
      "<img src=\"hero.jpg\" srcset=\"hero-1x.jpg 1x, hero-2x.jpg 2x\" loading=\"lazy\">\n"
      "<picture><source media=\"(min-width: 800px)\" srcset=\"wide.webp 800w\"><img src=pic.jpg></picture>\n"
      "<video poster=\"poster.jpg\" src=\"movie.mp4\"><source src=\"movie.webm\"><track src=\"subs.vtt\"></video>\n"
      "<iframe src=\"frame.html\" loading=lazy></iframe><embed src=\"e.swf\"><object data=\"o.pdf\"></object>\n"
      "<svg><use href=\"sprite.svg#i\"/><image xlink:href=\"i.svg\"/></svg>\n"
      "<img src=\"a.png?x=1&amp;y=2\"><img src=\"\">\n"
      "</body></html>\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::html, src);
  check_ranges(src, f);
  CHECK_FALSE(f.had_syntax_errors);
  CHECK_FALSE(f.is_module);

  const Reference* main = find(f, RefKind::html_script, "./main.js");
  REQUIRE(main);
  CHECK(main->is_module);
  CHECK(main->begin == src.find("./main.js"));
  CHECK(main->line == 4);
  CHECK(main->column == 28);
  const Reference* legacy = find(f, RefKind::html_script, "legacy.js");
  REQUIRE(legacy);
  CHECK(legacy->nomodule);
  CHECK(legacy->defer);
  CHECK_FALSE(legacy->is_module);
  const Reference* analytics = find(f, RefKind::html_script, "analytics.js");
  REQUIRE(analytics);
  CHECK(analytics->async);

  const Reference* css = find(f, RefKind::html_link, "style.css");
  REQUIRE(css);
  CHECK(css->rel == "stylesheet");
  CHECK(css->media == "print");
  const Reference* pre = find(f, RefKind::html_link, "chunk.js");
  REQUIRE(pre);
  CHECK(pre->rel == "modulepreload");
  CHECK(pre->is_module);
  const Reference* font = find(f, RefKind::html_link, "f.woff2");
  REQUIRE(font);
  CHECK(font->as == "font");
  CHECK(find(f, RefKind::html_link, "favicon.ico")->rel == "shortcut icon");
  CHECK(find(f, RefKind::html_link, "/site.webmanifest")->rel == "manifest");
  const Reference* touch = find(f, RefKind::html_link, "touch.png");  // spaces stripped
  REQUIRE(touch);
  CHECK(touch->begin == src.find("touch.png"));

  CHECK(find(f, RefKind::html_other, "other.html") == nullptr);
  const Reference* hero = find(f, RefKind::html_img, "hero.jpg");
  REQUIRE(hero);
  CHECK(hero->lazy);
  const Reference* x2 = find(f, RefKind::html_srcset, "hero-2x.jpg");
  REQUIRE(x2);
  CHECK(x2->descriptor_x == 2.0f);
  CHECK(x2->lazy);
  const Reference* wide = find(f, RefKind::html_srcset, "wide.webp");
  REQUIRE(wide);
  CHECK(wide->descriptor_w == 800);
  CHECK(wide->media == "(min-width: 800px)");
  CHECK(find(f, RefKind::html_img, "pic.jpg"));
  CHECK(find(f, RefKind::html_poster, "poster.jpg"));
  CHECK(find(f, RefKind::html_other, "movie.mp4"));
  CHECK(find(f, RefKind::html_source, "movie.webm"));
  CHECK(find(f, RefKind::html_other, "subs.vtt"));
  const Reference* frame = find(f, RefKind::html_other, "frame.html");
  REQUIRE(frame);
  CHECK(frame->lazy);
  CHECK(frame->tag == "iframe");
  CHECK(find(f, RefKind::html_other, "e.swf"));
  CHECK(find(f, RefKind::html_other, "o.pdf")->attr == "data");
  CHECK(find(f, RefKind::html_other, "sprite.svg#i"));
  CHECK(find(f, RefKind::html_other, "i.svg")->attr == "xlink:href");
  CHECK(find(f, RefKind::html_other, "/app/")->tag == "base");

  const Reference* amp = find(f, RefKind::html_img, "a.png?x=1&y=2");
  REQUIRE(amp);
  CHECK(amp->decoded);
  CHECK(src.substr(amp->begin, amp->end - amp->begin) == "a.png?x=1&amp;y=2");
  CHECK(f.refs.size() == 25);  // src="" loads nothing and is not a reference
}

TEST_CASE("html: inline scripts and styles map offsets into the HTML file", "[parse]") {
  const std::string src =
      "<html><head>\n"
      "<style>\n  body { background: url(bg.png) }\n  @import 'extra.css';\n</style>\n"
      "<script type=\"module\">\n  import { a } from './a.js';\n  import('./lazy.js');\n</script>\n"
      "<script>\n  navigator.serviceWorker.register('/sw.js');\n</script>\n"
      "<script type=\"application/json\">{\"x\": \"require('no.js')\"}</script>\n"
      "<script type=\"importmap\">{\"imports\": {\"lit\": \"./vendor/lit.js\"},\n"
      "  \"scopes\": {\"/admin/\": {\"lit\": \"/vendor/lit-admin.js\"}}}</script>\n"
      "<script type=\"text/x-template\"><img src=\"x\"></script>\n"
      "</head><body>\n"
      "<div style=\"background: url(&quot;div.png&quot;)\"></div>\n"
      "<p style='background-image:url(p.png)'></p>\n"
      "</body></html>\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::html, src);
  check_ranges(src, f);
  CHECK_FALSE(f.is_module);
  std::vector<std::string> got;
  for (const auto& r : f.refs) got.push_back(std::string(kiln::parse::ref_kind_name(r.kind)) + " " + r.specifier);
  std::vector<std::string> want = {"css_url bg.png",          "css_import extra.css",     "js_import ./a.js",
                                   "js_dynamic_import ./lazy.js", "js_service_worker /sw.js", "html_other ./vendor/lit.js",
                                   "html_other /vendor/lit-admin.js", "css_url div.png", "css_url p.png"};
  CHECK(got == want);
  const Reference* a = find(f, RefKind::js_import, "./a.js");
  REQUIRE(a);
  CHECK(a->is_module);
  CHECK(a->line == 7);
  CHECK(a->column == 22);
  CHECK_FALSE(find(f, RefKind::js_service_worker, "/sw.js")->is_module);
  const Reference* lit = find(f, RefKind::html_other, "./vendor/lit.js");
  REQUIRE(lit);
  CHECK(lit->attr == "importmap");
  CHECK(lit->key == "lit");
  CHECK(find(f, RefKind::html_other, "/vendor/lit-admin.js")->line == 15);
  const Reference* div = find(f, RefKind::css_url, "div.png");
  REQUIRE(div);
  CHECK_FALSE(div->decoded);  // &quot;…&quot; decoded before CSS tokenizing, around the URL
  CHECK(src.substr(div->begin, div->end - div->begin) == "div.png");
}

TEST_CASE("html: a damaged inline script reports and recovers in HTML coordinates", "[parse]") {
  const std::string src =
      "<!doctype html>\n<body>\n"
      "<script type=module>\n"
      "const t = String.raw`\\u{`;\n"
      "class { import('./deep.js') }\n"
      "</script>\n<img src=after.png>\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::html, src);
  check_ranges(src, f);
  CHECK(f.had_syntax_errors);
  REQUIRE(f.first_error);
  CHECK(f.first_error->line == 5);  // line 4's tagged template is valid; the class is not
  const Reference* deep = find(f, RefKind::js_dynamic_import, "./deep.js");
  REQUIRE(deep);
  CHECK(deep->recovered);
  CHECK(deep->is_module);
  CHECK(deep->line == 5);
  CHECK(deep->column == 17);
  CHECK(find(f, RefKind::html_img, "after.png"));
  CHECK(f.recovered_refs == 1);
}

TEST_CASE("srcset: the HTML spec's parsing algorithm", "[parse]") {
  auto urls = [](const std::string& v) {
    std::vector<std::string> out;
    for (const auto& c : kiln::parse::parse_srcset(v)) out.push_back(v.substr(c.begin, c.end - c.begin));
    return out;
  };
  CHECK(urls("a.jpg 1x, b.jpg 2x") == std::vector<std::string>{"a.jpg", "b.jpg"});
  CHECK(urls("  a.jpg  ,  b.jpg 2x  ") == std::vector<std::string>{"a.jpg", "b.jpg"});
  // A comma inside a URL not followed by whitespace stays; a trailing comma ends the URL.
  CHECK(urls("data:image/png;base64,iVBO 1x, c.jpg,d.jpg") == std::vector<std::string>{"data:image/png;base64,iVBO", "c.jpg,d.jpg"});
  CHECK(urls("a.jpg,, b.jpg") == std::vector<std::string>{"a.jpg", "b.jpg"});
  CHECK(urls("a.jpg 100w (x, y), b.jpg") == std::vector<std::string>{"a.jpg", "b.jpg"});
  CHECK(urls(",,,") == std::vector<std::string>{});
  auto c = kiln::parse::parse_srcset("a.jpg 640w, b.jpg 1.5x, c.jpg 2x 100w");
  REQUIRE(c.size() == 3);
  CHECK(c[0].w == 640);
  CHECK(c[1].x == 1.5f);
  CHECK_FALSE(c[2].valid);  // both x and w: invalid per spec, URL still kept for rewriting
}

TEST_CASE("manifest: icons, screenshots and shortcut icons with ranges", "[parse]") {
  const std::string src =
      "{\n  \"name\": \"App\", \"start_url\": \"/\",\n"
      "  \"icons\": [{\"src\": \"icon-192.png\", \"sizes\": \"192x192\"}, {\"sizes\": \"512x512\", \"src\": \"/i\\/512.png\"}],\n"
      "  \"screenshots\": [{\"src\": \"shot.png\"}],\n"
      "  \"shortcuts\": [{\"name\": \"s\", \"url\": \"/s\", \"icons\": [{\"src\": \"s.png\"}]}]\n}\n";
  Parser parser;
  ParsedFile f = parser.parse(Syntax::webmanifest, src);
  CHECK_FALSE(f.had_syntax_errors);
  REQUIRE(f.refs.size() == 4);
  CHECK(f.refs[0].specifier == "icon-192.png");
  CHECK(f.refs[0].begin == src.find("icon-192.png"));
  CHECK(f.refs[0].line == 3);
  CHECK(f.refs[1].specifier == "/i/512.png");
  CHECK(f.refs[1].decoded);
  CHECK(f.refs[2].specifier == "shot.png");
  CHECK(f.refs[3].specifier == "s.png");
  for (const auto& r : f.refs) CHECK(r.kind == RefKind::manifest_icon);

  ParsedFile bad = parser.parse(Syntax::webmanifest, "{\"icons\": [{\"src\": \"a.png\"},\n oops]}");
  CHECK(bad.had_syntax_errors);
  REQUIRE(bad.first_error);
  CHECK(bad.first_error->line == 2);
  CHECK(bad.refs.size() == 1);
}

TEST_CASE("syntax_for_path", "[parse]") {
  using kiln::parse::syntax_for_path;
  CHECK(syntax_for_path("a/b.mjs") == Syntax::javascript);
  CHECK(syntax_for_path("a/b.JSX") == Syntax::javascript);
  CHECK(syntax_for_path("a/b.d.ts") == Syntax::typescript);
  CHECK(syntax_for_path("b.cts") == Syntax::typescript);
  CHECK(syntax_for_path("b.tsx") == Syntax::tsx);
  CHECK(syntax_for_path("x/index.htm") == Syntax::html);
  CHECK(syntax_for_path("style.css") == Syntax::css);
  CHECK(syntax_for_path("site.webmanifest") == Syntax::webmanifest);
  CHECK(syntax_for_path("public/manifest.json") == Syntax::webmanifest);
  CHECK(syntax_for_path("package.json") == Syntax::none);
  CHECK(syntax_for_path("a.png") == Syntax::none);
}

TEST_CASE("html: an import map that is not JSON is kiln's error, a damaged tag tree-sitter's", "[parse]") {
  Parser parser;
  ParsedFile f = parser.parse(Syntax::html, "<!doctype html>\n<script type=importmap>{\"imports\": {]}</script>\n");
  REQUIRE(f.first_error);
  CHECK(f.first_error->line == 2);
  CHECK(f.first_error->message.starts_with("invalid import map JSON: "));
  CHECK(f.first_error->message.find("tree-sitter") == std::string::npos);
  ParsedFile g = parser.parse(Syntax::html, "<!doctype html>\n<p>a</p>\n</div></span>\n<img src=\"x.png\"\n");
  REQUIRE(g.first_error);
  CHECK(g.first_error->message.ends_with(" (the tree-sitter grammar rejects this construct)"));
}
