// The one candidate a browser fetches: @font-face src lists (parse marks them, the graph picks
// the first supported format, fonts load on use unless preloaded) and <picture>/srcset at a
// viewport (source type and media, sizes with w descriptors, x descriptors); the others are
// alternates, referenced but not counted. The fixture fonts-pictures is golden-tested in
// analyze_test.cc; here each rule is checked on its own.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "graph/candidates.h"
#include "graph/viewport.h"
#include "parse/parsed_file_codec.h"
#include "parse/parser.h"
#include "test_util.h"

using namespace kiln;
using parse::Syntax;

namespace {

// "specifier group/option type" per reference.
std::vector<std::string> groups(const parse::ParsedFile& f) {
  std::vector<std::string> out;
  for (const auto& r : f.refs)
    out.push_back(r.specifier + " " + std::to_string(r.group) + "/" + std::to_string(r.option) +
                  (r.type.empty() ? "" : " " + r.type));
  return out;
}

// The loads the graph gives each reference of `f` at viewport `v`, as "specifier load".
std::vector<std::string> loads(const parse::ParsedFile& f, const graph::Viewport& v) {
  auto decided = graph::candidate_loads(f.refs, v);
  std::vector<std::string> out;
  for (size_t i = 0; i < f.refs.size(); ++i) out.push_back(f.refs[i].specifier + " " + graph::load_name(decided.loads[i]));
  return out;
}

graph::Viewport viewport(const char* text) { return *graph::parse_viewport(text); }

nlohmann::json page(const std::string& dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"analyze", dir, "--no-cache", "--format", "json", "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = test::run_cli(args);
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(r.out)["entries"][0];
}

}  // namespace

TEST_CASE("fonts: a src list is one group, one option per entry, with its format() and tech() hints", "[candidates][parse]") {
  const std::string css =
      "@font-face{font-family:A;src:url(a.woff2) format(\"woff2\"),url('a.woff') format('woff'),"
      "url(a.ttf) format(\"truetype\")}\n"
      "@font-face{font-family:B;src:url(b.eot);src:url(b.eot?#iefix) format(\"embedded-opentype\"),"
      "local(B), url(b.woff) FORMAT( woff ) tech(variations)}\n"
      ".x{background:url(bg.png)}\n";
  parse::Parser parser;
  auto f = parser.parse(Syntax::css, css);
  CHECK(groups(f) == std::vector<std::string>{
                         "a.woff2 1/0 format(woff2)", "a.woff 1/1 format(woff)", "a.ttf 1/2 format(truetype)",
                         "b.eot 2/0 overridden", "b.eot?#iefix 2/1 format(embedded-opentype)",
                         "b.woff 2/3 format(woff) tech(variations)", "bg.png 0/0"});
  CHECK(loads(f, {}) == std::vector<std::string>{"a.woff2 on-use", "a.woff alternate", "a.ttf alternate",
                                                 "b.eot alternate", "b.eot?#iefix alternate", "b.woff on-use",
                                                 "bg.png initial"});
}

TEST_CASE("fonts: the first entry a current browser supports counts; one without format() counts if first",
          "[candidates]") {
  CHECK(graph::font_hints_supported(""));
  CHECK(graph::font_hints_supported("format(woff2)"));
  CHECK(graph::font_hints_supported("format(opentype)"));
  CHECK(graph::font_hints_supported("format(embedded-opentype,woff)"));  // one of a list will do
  CHECK_FALSE(graph::font_hints_supported("format(embedded-opentype)"));
  CHECK_FALSE(graph::font_hints_supported("format(svg)"));
  CHECK(graph::font_hints_supported("format(woff2) tech(variations)"));
  CHECK_FALSE(graph::font_hints_supported("format(woff2) tech(color-svg)"));
  CHECK_FALSE(graph::font_hints_supported("format(woff2) tech(variations,color-svg)"));  // every one is needed
  parse::Parser parser;
  auto f = parser.parse(Syntax::css, "@font-face{src:url(f.ttf),url(f.woff2) format(woff2)}");
  CHECK(loads(f, {}) == std::vector<std::string>{"f.ttf on-use", "f.woff2 alternate"});
}

TEST_CASE("viewport: WIDTHxHEIGHT@DPRx, media conditions and sizes", "[candidates]") {
  auto v = graph::parse_viewport("390x844@3x");
  REQUIRE(v);
  CHECK(v->width == 390);
  CHECK(v->height == 844);
  CHECK(v->dpr == 3);
  CHECK(graph::viewport_text(*v) == "390x844@3x");
  CHECK(graph::viewport_text(graph::Viewport{}) == "1280x800@1x");
  CHECK(graph::viewport_text(*graph::parse_viewport("1024x768")) == "1024x768@1x");
  CHECK(graph::viewport_text(*graph::parse_viewport("800X600@1.5")) == "800x600@1.5x");
  for (const char* bad : {"", "1280", "x800", "1280x", "1280x800@", "1280x800@0x", "-5x800", "1280x800@2y", "0x0"}) {
    INFO(bad);
    auto r = graph::parse_viewport(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error() == "--viewport: expected WIDTHxHEIGHT[@DPRx] such as 1280x800@1x, got '" + std::string(bad) + "'");
  }

  graph::Viewport desktop;  // 1280x800@1x
  CHECK(graph::media_matches("", desktop));
  CHECK(graph::media_matches("(min-width: 1024px)", desktop));
  CHECK_FALSE(graph::media_matches("(max-width: 600px)", desktop));
  CHECK(graph::media_matches("screen and (min-width: 40em) and (max-width: 80em)", desktop));
  CHECK_FALSE(graph::media_matches("print", desktop));
  CHECK(graph::media_matches("print, (orientation: landscape)", desktop));
  CHECK_FALSE(graph::media_matches("not all and (min-width: 600px)", desktop));
  CHECK(graph::media_matches("(width >= 1280px)", desktop));
  CHECK_FALSE(graph::media_matches("(600px > width)", desktop));
  CHECK(graph::media_matches("(prefers-color-scheme: dark)", desktop));  // unknown: a match, the first is taken

  CHECK(graph::slot_width("", desktop) == 1280);
  CHECK(graph::slot_width("50vw", desktop) == 640);
  CHECK(graph::slot_width("(max-width: 700px) 100vw, 50vw", desktop) == 640);
  CHECK(graph::slot_width("(max-width: 700px) 100vw, 50vw", *v) == 390);
  CHECK(graph::slot_width("(min-width: 1200px) 400px, 100vw", desktop) == 400);
  CHECK(graph::slot_width("calc(100vw - 2rem), 30em", desktop) == 480);  // calc() is skipped, as browsers skip what they cannot read
  CHECK(graph::slot_width("auto", desktop) == 1280);
}

TEST_CASE("images: <picture> sources by type and media, srcset by sizes and w or x at two viewports", "[candidates]") {
  const std::string html =
      "<picture><source type=image/avif srcset=a.avif><source type=image/webp srcset=a.webp><img src=a.jpg></picture>\n"
      "<picture><source type=image/jxl srcset=b.jxl><source media='(max-width: 600px)' srcset=b-narrow.webp>"
      "<img src=b.jpg></picture>\n"
      "<img src=p-400.jpg srcset='p-400.jpg 400w, p-800.jpg 800w, p-1600.jpg 1600w' sizes='(max-width: 700px) 100vw, 50vw'>\n"
      "<img src=logo.png srcset='logo@2x.png 2x, logo@3x.png 3x'>\n"
      "<img src=lazy.jpg srcset='lazy-1x.jpg, lazy-2x.jpg 2x' loading=lazy>\n";
  parse::Parser parser;
  auto f = parser.parse(Syntax::html, html);
  CHECK(groups(f) == std::vector<std::string>{
                         "a.avif 1/0 image/avif", "a.webp 1/1 image/webp", "a.jpg 1/2", "b.jxl 2/0 image/jxl",
                         "b-narrow.webp 2/1", "b.jpg 2/2", "p-400.jpg 3/0", "p-400.jpg 3/0", "p-800.jpg 3/0",
                         "p-1600.jpg 3/0", "logo.png 4/0", "logo@2x.png 4/0", "logo@3x.png 4/0", "lazy.jpg 5/0",
                         "lazy-1x.jpg 5/0", "lazy-2x.jpg 5/0"});
  // 1280x800@1x: AVIF; no JPEG XL, not narrow: the JPEG; sizes 50vw = 640px -> 800w; 1x -> src
  // (srcset has no 1x); lazy 1x -> lazy-1x.jpg (an explicit 1x replaces src).
  CHECK(loads(f, viewport("1280x800@1x")) ==
        std::vector<std::string>{"a.avif initial", "a.webp alternate", "a.jpg alternate", "b.jxl alternate",
                                 "b-narrow.webp alternate", "b.jpg initial", "p-400.jpg alternate",
                                 "p-400.jpg alternate", "p-800.jpg initial", "p-1600.jpg alternate",
                                 "logo.png initial", "logo@2x.png alternate", "logo@3x.png alternate",
                                 "lazy.jpg alternate", "lazy-1x.jpg lazy", "lazy-2x.jpg alternate"});
  // 390x844@3x: narrow WebP; 100vw * 3 = 1170 device px -> 1600w; 3x; 2x is the densest.
  CHECK(loads(f, viewport("390x844@3x")) ==
        std::vector<std::string>{"a.avif initial", "a.webp alternate", "a.jpg alternate", "b.jxl alternate",
                                 "b-narrow.webp initial", "b.jpg alternate", "p-400.jpg alternate",
                                 "p-400.jpg alternate", "p-800.jpg alternate", "p-1600.jpg initial",
                                 "logo.png alternate", "logo@2x.png alternate", "logo@3x.png initial",
                                 "lazy.jpg alternate", "lazy-1x.jpg alternate", "lazy-2x.jpg lazy"});
}

TEST_CASE("analyze: fonts on use, a preloaded font initial, one image per <picture>, alternatives listed",
          "[candidates][analyze]") {
  std::string dir = std::string(KILN_FIXTURES) + "/analyze/fonts-pictures/dist";
  auto e = page(dir);
  CHECK(e["initial"]["paths"] == nlohmann::json({"fonts.css", "fonts/display.woff2", "img/art.jpg", "img/hero.avif",
                                                 "img/logo.png", "img/photo-800.jpg", "index.html"}));
  CHECK(e["onUse"]["paths"] == nlohmann::json({"fonts/body.woff2", "fonts/old.woff", "fonts/var.woff2"}));
  CHECK(e["lazy"]["paths"] == nlohmann::json({"img/below-1600.jpg"}));
  CHECK(e["fonts"][0] == nlohmann::json({{"from", "fonts.css"}, {"path", "fonts/body.woff2"}, {"load", "on-use"},
                                         {"alternatives", {"fonts/body.ttf", "fonts/body.woff"}}}));
  CHECK(e["images"][0] == nlohmann::json({{"from", "index.html"}, {"path", "img/hero.avif"}, {"load", "initial"},
                                          {"alternatives", {"img/hero.jpg", "img/hero.webp"}}}));
  auto phone = page(dir, {"--viewport", "390x844@3x"});
  CHECK(phone["initial"]["paths"] == nlohmann::json({"fonts.css", "fonts/display.woff2", "img/art-narrow.webp",
                                                     "img/hero.avif", "img/logo@3x.png", "img/photo-1600.jpg",
                                                     "index.html"}));
  auto r = test::run_cli({"analyze", dir, "--viewport", "wide"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--viewport: expected WIDTHxHEIGHT[@DPRx] such as 1280x800@1x, got 'wide'") != std::string::npos);
}

TEST_CASE("budgets: on use per entry, fonts initial + on use, images by the picked candidate", "[candidates][budget]") {
  test::TempDir t;
  test::write_file(t / "dist/f.woff2", test::noise_of_size(1000));
  test::write_file(t / "dist/f.woff", test::noise_of_size(1500));
  test::write_file(t / "dist/a.webp", test::noise_of_size(700));
  test::write_file(t / "dist/a.jpg", test::noise_of_size(2000));
  test::write_file(t / "dist/index.html",
                   "<link rel=stylesheet href=s.css><picture><source type=image/webp srcset=a.webp><img src=a.jpg></picture>");
  test::write_file(t / "dist/s.css", "@font-face{font-family:F;src:url(f.woff2) format(\"woff2\"),url(f.woff) format(\"woff\")}");
  test::write_file(t / "kiln.json", R"({"budget": {"entries": [{"path": "index.html", "onUse": "1000 B",
      "types": {"font": "999 B", "image": "700 B"}}]}})");
  auto r = test::run_cli({"budget", t / "dist", "--budget", t / "kiln.json", "--no-cache"});
  CHECK(r.code == 1);
  CHECK(r.out.find("  pass   index.html on use (brotli)                         1.0 kB       1.0 kB         +0 B\n"
                   "  fail   index.html initial + on use font (brotli)          1.0 kB        999 B         -1 B\n") !=
        std::string::npos);
  CHECK(r.out.find("  pass   index.html initial image (brotli)                   700 B        700 B         +0 B\n") !=
        std::string::npos);
  // Lighthouse measures a rendered page load: the font its text uses counts.
  test::write_file(t / "budget.json", R"([{"path": "/*", "resourceSizes": [{"resourceType": "font", "budget": 0.9765625},
      {"resourceType": "image", "budget": 0.68359375}]}])");
  CHECK(test::run_cli({"budget", t / "dist", "--budget", t / "budget.json", "--no-cache"}).code == 0);
  test::write_file(t / "budget.json", R"([{"path": "/*", "resourceSizes": [{"resourceType": "font", "budget": 0.97}]}])");
  CHECK(test::run_cli({"budget", t / "dist", "--budget", t / "budget.json", "--no-cache"}).code == 1);
}

TEST_CASE("alternatives stay references: cached parses keep the groups, kiln hash renames and rewrites them",
          "[candidates][hash]") {
  const std::string html =
      "<picture><source type=image/webp srcset='a.webp 1x, a@2x.webp 2x' sizes=50vw media='(min-width: 1px)'>"
      "<img src=a.jpg></picture>";
  parse::Parser parser;
  auto f = parser.parse(Syntax::html, html);
  auto back = parse::decode_parsed(parse::encode_parsed(f));
  REQUIRE(back);
  CHECK(groups(*back) == groups(f));
  CHECK(back->refs[0].sizes == "50vw");
  CHECK(back->refs[0].media == "(min-width: 1px)");

  test::TempDir t;
  test::write_file(t / "dist/index.html", "<link rel=stylesheet href=s.css>");
  test::write_file(t / "dist/s.css", "@font-face{src:url(f.woff2) format(\"woff2\"),url(f.woff) format(\"woff\")}");
  test::write_file(t / "dist/f.woff2", "woff2");
  test::write_file(t / "dist/f.woff", "woff");
  auto r = test::run_cli({"hash", t / "dist", "-q", "--no-cache"});
  CHECK(r.code == 0);
  std::string css;
  for (const auto& item : test::read_tree(t / "dist"))
    if (item.first.ends_with(".css")) css = item.second;
  // Both candidates renamed and rewritten: the woff is never fetched by a current browser,
  // but it is still the fallback the stylesheet names.
  CHECK(css.find("url(f.woff2)") == std::string::npos);
  CHECK(css.find("url(f.woff)") == std::string::npos);
  CHECK(css == "@font-face{src:url(f-9aee6ac8.woff2) format(\"woff2\"),url(f-40b21519.woff) format(\"woff\")}");
}
