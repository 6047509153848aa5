// The html step's page fixes: attribute edits by the tokenizer's byte ranges (goldens for
// the hard cases), image headers, the first-screen rule, modulepreload of a multi-chunk page,
// and the step inside kiln build.
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <map>

#include "golden.h"
#include "page/image_size.h"
#include "page/page_fixes.h"
#include "page/source_checks.h"
#include "page/start_tags.h"
#include "test_util.h"

using namespace kiln;

namespace {

const std::string kFixtures = std::string(KILN_FIXTURES) + "/page/";

// Sizes by src value, as if read from each image's header.
page::PageFix fix_with_sizes(const std::string& html, const std::map<std::string, page::ImageSize>& sizes,
                             std::vector<std::string> preloads = {}, page::PageOptions o = {},
                             std::vector<std::string> fonts = {}) {
  page::PageInput in{html,
                     [&](uint32_t at) -> std::optional<page::ImageSize> {
                       size_t end = html.find_first_of("\"' >", at);
                       auto it = sizes.find(html.substr(at, end - at));
                       if (it == sizes.end()) return std::nullopt;
                       return it->second;
                     },
                     std::move(preloads), std::move(fonts)};
  return page::fix_page(in, o);
}

}  // namespace

TEST_CASE("start tags: attributes as the HTML tokenizer reads them", "[page]") {
  std::string html = "<img\tsrcset=a.png src=b.png alt=\"width and height\"><picture-frame width=1>"
                     "<script>var s = '<img src=x>';</script><IMG SRC='c.png' Width=3/>";
  auto page = page::start_tags(html);
  REQUIRE(page.tags.size() == 4);
  const auto& img = page.tags[0];
  CHECK(img.name == "img");
  CHECK(img.value(html, "srcset") == "a.png");
  CHECK(img.value(html, "src") == "b.png");
  CHECK(img.find("width") == nullptr);  // only inside alt's value
  CHECK(page.tags[1].name == "picture-frame");
  CHECK(page.tags[2].name == "script");  // its text holds no tags
  CHECK(page.tags[3].name == "img");
  CHECK(page.tags[3].value(html, "src") == "c.png");
  CHECK(page.tags[3].value(html, "width") == "3/");  // an unquoted value runs to '>'
}

TEST_CASE("image headers: PNG, GIF, JPEG with EXIF rotation, WebP, AVIF", "[page]") {
  auto png = test::read_file(std::string(KILN_FIXTURES) + "/site/assets/paper.png");
  auto size = page::image_size(png);
  REQUIRE(size);
  CHECK(size->width > 0);
  std::string gif = std::string("GIF89a") + '\x40' + '\x01' + '\xF0' + '\x00';
  CHECK(page::image_size(gif)->width == 320);
  CHECK(page::image_size(gif)->height == 240);
  auto avif = page::image_size(test::read_file(std::string(KILN_FIXTURES) + "/deploy/site/assets/photo.avif"));
  REQUIRE(avif);
  CHECK(avif->width == 160);
  CHECK(avif->height == 120);
  // A JPEG: SOI, APP1 Exif with orientation 6 (rotated 90), SOF0 of 200 x 100.
  std::string exif = std::string("Exif\0\0", 6) + std::string("MM\0\x2a\0\0\0\x08", 8) + std::string("\0\x01", 2) +
                     std::string("\x01\x12\0\x03\0\0\0\x01\0\x06\0\0", 12);
  std::string jpeg = std::string("\xFF\xD8\xFF\xE1", 4) + char(0) + char(exif.size() + 2) + exif +
                     std::string("\xFF\xC0\0\x11\x08\0\x64\0\xC8\x03", 10) + std::string(16, '\0');
  auto j = page::image_size(jpeg);
  REQUIRE(j);
  CHECK(j->width == 100);
  CHECK(j->height == 200);
  CHECK(!page::image_size("not an image"));
}

TEST_CASE("page fixes: the hard cases", "[page][golden]") {
  std::string html = test::read_file(kFixtures + "hard-cases.html");
  std::map<std::string, page::ImageSize> sizes = {
      {"/img/hero.png", {1600, 900}},  {"/img/small.png", {64, 64}},  {"/img/third.png", {800, 600}},
      {"/img/noscript.png", {10, 10}}, {"/img/sized.png", {400, 300}}, {"/img/own.png", {50, 50}},
  };
  auto fix = fix_with_sizes(html, sizes, {"/assets/chunk-a.js", "/assets/chunk-b.js"}, {},
                            {"/fonts/a.woff2", "/fonts/b.woff2", "/fonts/c.woff2"});
  test::check_golden(kFixtures + "hard-cases.expected.html", fix.html);
  test::check_no_leftover_goldens(kFixtures, ".expected.");
  CHECK(fix.sized == 4);     // hero, small, third, own; not sized, not noscript, not remote
  CHECK(fix.high == 1);      // hero: the largest of the first two
  CHECK(fix.lazy == 4);      // third, sized, own (decoding only), remote
  CHECK(fix.preloads == 2);
  CHECK(fix.fonts == 2);  // maxFontPreloads
  REQUIRE(fix.warnings.size() == 1);
  CHECK(fix.warnings[0].line == 6);
  CHECK(fix.warnings[0].message.find("/vendor/legacy.js") != std::string::npos);
  // Only insertions: removing them gives the page back byte for byte.
  std::string back = fix.html;
  for (const char* added : {" width=\"1600\" height=\"900\"", " fetchpriority=\"high\"", " width=\"64\" height=\"64\"",
                            " width=\"800\" height=\"600\"", " width=\"50\" height=\"50\"", " loading=\"lazy\"",
                            " decoding=\"async\"", "<link rel=\"modulepreload\" href=\"/assets/chunk-a.js\">\n\t",
                            "<link rel=\"modulepreload\" href=\"/assets/chunk-b.js\">\n\t",
                            "<link rel=\"preload\" href=\"/fonts/a.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>\n\t",
                            "<link rel=\"preload\" href=\"/fonts/b.woff2\" as=\"font\" type=\"font/woff2\" crossorigin>\n\t"})
    for (size_t at = back.find(added); at != std::string::npos; at = back.find(added)) back.erase(at, strlen(added));
  CHECK(back == html);

  SECTION("each fix can be switched off") {
    page::PageOptions none;
    none.image_sizes = none.lazy_images = none.fetch_priority = none.module_preload = none.warnings = false;
    none.font_preload = false;
    auto off = fix_with_sizes(html, sizes, {"/assets/chunk-a.js"}, none, {"/fonts/a.woff2"});
    CHECK(off.html == html);
    CHECK(off.warnings.empty());
  }
  SECTION("running it again changes nothing") {
    auto again = fix_with_sizes(fix.html, sizes, {});
    CHECK(again.html == fix.html);
    CHECK(!again.changed());
  }
}

TEST_CASE("kiln build's html step: a multi-chunk page gets its import closure preloaded", "[page][build]") {
  test::TempDir tmp;
  std::filesystem::copy(std::string(KILN_FIXTURES) + "/deploy/site", tmp / "dist", std::filesystem::copy_options::recursive);
  // A second chunk level: lib.mjs imports util.mjs, which app.mjs does not name.
  test::write_file(tmp / "dist/assets/util.mjs", "export const pad = (s) => String(s).padStart(2, '0');\n");
  std::string lib = test::read_file(tmp / "dist/assets/lib.mjs");
  test::write_file(tmp / "dist/assets/lib.mjs", "import { pad } from './util.mjs';\nexport const padded = pad(1);\n" + lib);
  test::write_file(tmp / "kiln.json", R"({"dir": "dist", "html": {"enabled": true}})");
  auto r = test::run_cli({"build", "-c", tmp / "kiln.json", "--cache-dir", tmp / "cache"});
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("html      1 of 1 pages changed: 1 <img> sized, 1 fetchpriority=high, 0 lazy, 2 modulepreload") !=
        std::string::npos);
  std::string page = test::read_file(tmp / "dist/index.html");
  // Hashing renamed the preloaded chunks with everything else.
  CHECK(page.find("<link rel=\"modulepreload\" href=\"/assets/lib-") != std::string::npos);
  CHECK(page.find("<link rel=\"modulepreload\" href=\"/assets/util-") != std::string::npos);
  CHECK(page.find("<img width=\"160\" height=\"120\" fetchpriority=\"high\" src=\"/assets/photo-") != std::string::npos);
  CHECK(r.err.find("does not exist") == std::string::npos);
}

TEST_CASE("a bare & in HTML text is no syntax warning; a broken tag still is", "[page][parse]") {
  test::TempDir tmp;
  test::write_file(tmp / "dist/index.html",
                   "<!doctype html><html><head><title>t</title></head><body>"
                   "<p><strong>a</strong> & <strong>b</strong></p><p>x &amp; y & z</p></body></html>\n");
  auto ok = test::run_cli({"analyze", tmp / "dist", "--no-cache"});
  CHECK(ok.err.find("syntax error") == std::string::npos);
  test::write_file(tmp / "dist/index.html", "<!doctype html><html><body><p class=\"a>text</body>\n<div <<<>>>\n");
  auto bad = test::run_cli({"analyze", tmp / "dist", "--no-cache"});
  CHECK(bad.err.find("syntax error") != std::string::npos);
}

TEST_CASE("source checks: whitespace and comment share, @font-face without font-display", "[page]") {
  std::string js = "// a comment\nfunction  add(a, b) {\n    return a + b; /* sum */\n}\nconst s = '  kept  // not a comment';\n"
                   "const r = /  [/]  /g;\n";
  uint64_t removable = page::js_removable_bytes(js);
  // The line comment (12), "function  add" (1), the indent after "{" (5 - 1), the block
  // comment (9); nothing inside the string or the regular expression.
  CHECK(removable == 12 + 1 + 4 + 9);
  CHECK(page::js_removable_bytes("a=1;b=2") == 0);
  // Nested templates, a regular expression after a keyword: only the last comment counts
  // (a one-line minified bundle must not be read as one long comment).
  CHECK(page::js_removable_bytes("const t=`x${`//y${1}`}z`;// end") == 6);
  CHECK(page::js_removable_bytes("function f(a){return/\\/\\//.test(a)}// e") == 4);
  CHECK(page::css_removable_bytes("a { color : red ; }\n/* x */\n.b .c{margin:0 auto}") == 8 + 7);  // 8 spaces by punctuation, the comment; ".b .c" and "0 auto" keep theirs
  std::string css = "@font-face { font-family: A; src: url(a.woff2); }\n/* @font-face { } */\n"
                    "@FONT-FACE {\n font-family: B; font-display: swap; }\n@font-face{font-family:C}";
  CHECK(page::font_faces_without_display(css) == std::vector<uint32_t>{1, 5});
}
