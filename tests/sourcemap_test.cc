// Source Map v3 reading and source-map-explorer-compatible attribution.
#include <catch2/catch.hpp>
#include <filesystem>

#include "resolve/url_resolver.h"
#include "sourcemap/attribution.h"
#include "sourcemap/compressed_split.h"
#include "sourcemap/map_comment.h"
#include "sourcemap/map_locator.h"
#include "sourcemap/source_map.h"
#include "sourcemap/vlq.h"
#include "test_util.h"

using namespace kiln;
using namespace kiln::sourcemap;

namespace {

int32_t vlq(std::string_view s) {
  size_t pos = 0;
  auto v = decode_vlq(s, pos);
  REQUIRE(v.ok());
  CHECK(pos == s.size());
  return *v;
}

std::string vlq_error(std::string_view s) {
  size_t pos = 0;
  auto v = decode_vlq(s, pos);
  REQUIRE_FALSE(v.ok());
  return v.error();
}

SourceMap parse_ok(std::string_view json) {
  auto m = parse_source_map(json);
  INFO((m.ok() ? std::string() : m.error()));
  REQUIRE(m.ok());
  sort_segments(m->segments);
  return std::move(*m);
}

}  // namespace

TEST_CASE("VLQ: zero, signs, continuation digits and 32-bit limits", "[sourcemap][vlq]") {
  CHECK(vlq("A") == 0);
  CHECK(vlq("C") == 1);
  CHECK(vlq("D") == -1);
  CHECK(vlq("B") == 0);  // "-0"
  CHECK(vlq("e") == 15);
  CHECK(vlq("f") == -15);
  CHECK(vlq("gB") == 16);  // first digit has the continuation bit
  CHECK(vlq("hB") == -16);
  CHECK(vlq("2H") == 123);
  CHECK(vlq("+/////D") == 2147483647);
  CHECK(vlq("hgggggE") == -2147483648LL);
  CHECK_THAT(vlq_error("ggggggE"), Catch::Contains("does not fit in 32 bits"));   // 2^31
  CHECK_THAT(vlq_error("gggggggB"), Catch::Contains("does not fit in 32 bits"));  // 8 digits
  CHECK_THAT(vlq_error("g"), Catch::Contains("cut off"));
  CHECK_THAT(vlq_error("g,"), Catch::Contains("cut off"));
  CHECK_THAT(vlq_error("!"), Catch::Contains("invalid base64 character '!' at offset 0"));
  size_t pos = 0;
  std::string_view two = "DgB";
  CHECK(*decode_vlq(two, pos) == -1);
  CHECK(pos == 1);
  CHECK(*decode_vlq(two, pos) == 16);
}

TEST_CASE("mappings: relative fields, lines, 1-field segments, bad segments", "[sourcemap][mappings]") {
  std::vector<Segment> out;
  // line 1: col 0 src 0 1:0, col 4 src 0 1:2 name 0; line 2 empty; line 3: col 2 (no source), col 3 src 1 0:0
  REQUIRE(decode_mappings("AAAA,IAAEA;;E,CCCA", 0, 0, 0, 0, out).ok());
  REQUIRE(out.size() == 4);
  CHECK((out[0].line == 0 && out[0].column == 0 && out[0].source == 0));
  CHECK((out[1].column == 4 && out[1].original_column == 2 && out[1].name == 0));
  CHECK((out[2].line == 2 && out[2].column == 2 && out[2].source == kNoSource));
  CHECK((out[3].line == 2 && out[3].column == 3 && out[3].source == 1 && out[3].original_line == 1));
  out.clear();
  CHECK_THAT(decode_mappings("AA", 0, 0, 0, 0, out).error(), Catch::Contains("2 fields"));
  CHECK_THAT(decode_mappings("D", 0, 0, 0, 0, out).error(), Catch::Contains("negative generated column"));
  CHECK_THAT(decode_mappings("AAAAAA", 0, 0, 0, 0, out).error(), Catch::Contains("more than 5 fields"));
  CHECK_THAT(decode_mappings("AA*A", 0, 0, 0, 0, out).error(), Catch::Contains("'*' at offset 2"));
  out.clear();
  REQUIRE(decode_mappings("CAAA;CAAA", 5, 10, 2, 0, out).ok());  // a section at 5:10
  CHECK((out[0].line == 5 && out[0].column == 11 && out[0].source == 2));
  CHECK((out[1].line == 6 && out[1].column == 1));
}

TEST_CASE("source maps: fields, ignore lists, XSSI prefix, index maps, errors", "[sourcemap][map]") {
  auto m = parse_ok(R"()]}'
{"version":3,"sourceRoot":"src/","sources":["a.js","b.js",null],"names":["x"],"mappings":"AAAA","ignoreList":[1],"x_google_ignoreList":[2,9]})");
  CHECK(m.sources == std::vector<std::string>{"a.js", "b.js", ""});
  CHECK(m.source_roots[0] == "src/");
  CHECK(m.ignored == std::vector<bool>{false, true, true});

  auto idx = parse_ok(R"({"version":3,"sections":[
    {"offset":{"line":0,"column":0},"map":{"version":3,"sources":["a.js"],"mappings":"AAAA,EAAE"}},
    {"offset":{"line":0,"column":6},"map":{"version":3,"sources":["b.js"],"mappings":"AAAA;AACA"}}]})");
  CHECK(idx.indexed);
  CHECK(idx.sources == std::vector<std::string>{"a.js", "b.js"});
  REQUIRE(idx.segments.size() == 4);
  CHECK((idx.segments[1].column == 2 && idx.segments[1].end == 6));  // cut where the next section starts
  CHECK((idx.segments[2].column == 6 && idx.segments[2].source == 1));
  CHECK((idx.segments[3].line == 1 && idx.segments[3].column == 0));
  // "a" + 5 bytes for a.js on line 1 (cols 0-6), "bbbb" for b.js, line 2 all b.js.
  auto at = attribute("aaaaaabbbb\nbbb", idx);
  CHECK(at.by_source == std::vector<uint64_t>{6, 7});
  CHECK(at.eol == 1);
  CHECK(at.unmapped == 0);

  CHECK_THAT(parse_source_map("{").error(), Catch::Contains("invalid JSON"));
  CHECK_THAT(parse_source_map(R"({"version":2,"sources":[],"mappings":""})").error(), Catch::Contains("\"version\" must be 3"));
  CHECK_THAT(parse_source_map(R"({"version":3,"mappings":""})").error(), Catch::Contains("\"sources\""));
  CHECK_THAT(parse_source_map(R"({"version":3,"sources":["a"],"mappings":"ACAA"})").error(),
             Catch::Contains("source index 1 is past the end"));
  CHECK_THAT(parse_source_map(R"({"version":3,"sections":[{"offset":{"line":0,"column":0},"url":"x.map"}]})").error(),
             Catch::Contains("sections[0]: \"url\""));
}

TEST_CASE("data: URIs and percent-decoding", "[sourcemap][locate]") {
  CHECK(*decode_data_uri("data:application/json;base64,eyJ2IjozfQ==") == R"({"v":3})");
  CHECK(*decode_data_uri("data:application/json;charset=utf-8;base64,eyJ2IjozfQ") == R"({"v":3})");
  CHECK(*decode_data_uri("data:application/json,%7B%22v%22%3A3%7D") == R"({"v":3})");
  CHECK(*decode_data_uri("data:,%7B%7D") == "{}");
  CHECK_THAT(decode_data_uri("data:image/png;base64,AAAA").error(), Catch::Contains("not JSON"));
  CHECK_THAT(decode_data_uri("data:application/json;base64,e*").error(), Catch::Contains("invalid base64"));
  CHECK(resolve::percent_decode("a%20b%2") == "a b%2");  // the one decoder data: URIs use
}

TEST_CASE("map comments are found as source-map-explorer finds them", "[sourcemap][comment]") {
  auto text = [](std::string_view f) {
    auto r = find_map_comment(f);
    return r ? std::string(f.substr(r->begin, r->end - r->begin)) : std::string("<none>");
  };
  CHECK(text("x;\n//# sourceMappingURL=a.js.map\n") == "//# sourceMappingURL=a.js.map");
  CHECK(text("x;\n//@ sourceMappingURL=a.js.map  \r\n") == "//@ sourceMappingURL=a.js.map");
  CHECK(text("a{}\n/*# sourceMappingURL=a.css.map */") == "/*# sourceMappingURL=a.css.map */");
  CHECK(text("x;//# sourceMappingURL=a.map") == "//# sourceMappingURL=a.map");  // not anchored
  CHECK(text("s='//# sourceMappingURL=';\n") == "<none>");                       // in a string
  CHECK(text("s=\"//# sourceMappingURL=x\";\n") == "<none>");
  CHECK(text("x;\n  //# sourceMappingURL=data:application/json;charset=utf-8;base64,e30=\n") ==
        "//# sourceMappingURL=data:application/json;charset=utf-8;base64,e30=");
  // The inline pattern wins even when a file comment comes first.
  CHECK(text("//# sourceMappingURL=a.map\n//# sourceMappingURL=data:application/json;base64,e30=") ==
        "//# sourceMappingURL=data:application/json;base64,e30=");
  CHECK(text("no comment") == "<none>");
}

TEST_CASE("attribution: buckets, EOLs, comment, UTF-16 columns, mismatched maps", "[sourcemap][attribution]") {
  auto map = parse_ok(R"({"version":3,"sources":["a.js","b.js"],"mappings":"AAAA,EACA,C;AAAA,ECAA"})");
  // line 1: a.js cols 0-2, [no source] col 3+; line 2: a.js 0-1, b.js 2+
  std::string file = "aabN\naabbb\n//# sourceMappingURL=x.map\n";
  auto at = attribute(file, map);
  CHECK(!at.mismatch);
  CHECK(at.by_source == std::vector<uint64_t>{5, 3});
  CHECK(at.no_source == 1);
  CHECK(at.comment == 26);
  CHECK(at.eol == 3);
  CHECK(at.unmapped == 0);
  CHECK(at.mapped + at.unmapped + at.eol + at.comment == file.size());

  // CRLF: every "\r\n" is an EOL of two bytes; a lone "\n" is not.
  auto crlf = attribute("aab\r\naabbb", map);
  CHECK(crlf.eol == 2);
  CHECK(crlf.by_source == std::vector<uint64_t>{5, 3});
  CHECK(crlf.past_line_end == 1);  // the 1-field segment at column 3 of "aab"
  // Mixed EOLs: split at every "\n" when the "\r\n" split puts segments past the end.
  auto mixed_map = parse_ok(R"({"version":3,"sources":["a.js"],"mappings":"AAAA;AAAA;AAAA"})");
  auto mixed = attribute("ab\r\ncd\nef", mixed_map);
  CHECK(!mixed.mismatch);
  CHECK(mixed.mixed_eols);
  CHECK(mixed.eol == 3);
  CHECK(mixed.by_source[0] == 6);

  // Columns are UTF-16 units: "é" is one unit, two bytes; "😀" is two units, four bytes.
  auto wide = parse_ok(R"({"version":3,"sources":["a.js","b.js"],"mappings":"AAAA,ECAA"})");
  auto w = attribute("\xC3\xA9\xF0\x9F\x98\x80x", wide);  // é😀x: a.js owns é + 😀 (cut mid-pair)
  CHECK(w.by_source[0] + w.by_source[1] == 7);
  CHECK(w.by_source[0] == 6);
  auto w2 = parse_ok(R"({"version":3,"sources":["a.js","b.js"],"mappings":"AAAA,CCAA"})");
  CHECK(attribute("\xC3\xA9\xF0\x9F\x98\x80x", w2).by_source == std::vector<uint64_t>{2, 5});

  // A segment one column past its line is tolerated and counted; further is a mismatch.
  auto past = parse_ok(R"({"version":3,"sources":["a.js"],"mappings":"AAAA,GAAA"})");
  auto p = attribute("abc", past);
  CHECK(!p.mismatch);
  CHECK(p.past_line_end == 1);
  CHECK(p.by_source[0] == 3);
  auto two = parse_ok(R"({"version":3,"sources":["a.js"],"mappings":"AAAA,KAAA"})");
  CHECK(!attribute("abc", two).mismatch);
  auto bad = parse_ok(R"({"version":3,"sources":["a.js"],"mappings":"AAAA,MAAA"})");
  auto b = attribute("abc", bad);
  REQUIRE(b.mismatch);
  CHECK_THAT(*b.mismatch, Catch::Contains("segment at 1:7 starts past the end of line 1 (3 columns)"));
  CHECK(b.unmapped == 3);
  auto lines = parse_ok(R"({"version":3,"sources":["a.js"],"mappings":"AAAA;;AAAA"})");
  auto l = attribute("abc\n", lines);
  REQUIRE(l.mismatch);
  CHECK_THAT(*l.mismatch, Catch::Contains("on line 3, past the end of the file (1 lines)"));
  CHECK(l.unmapped + l.eol == 4);
}

TEST_CASE("attribution equals source-map-explorer 2.5.3 on an esbuild bundle", "[sourcemap][attribution]") {
  std::string dir = std::string(KILN_FIXTURES) + "/sourcemap/esbuild/";
  auto map = parse_ok(test::read_file(dir + "out.js.map"));
  auto at = attribute(test::read_file(dir + "out.js"), map);
  // `source-map-explorer out.js --json --no-border-checks`
  CHECK(at.total == 309);
  CHECK(at.mapped == 87);
  CHECK(at.unmapped == 189);
  CHECK(at.eol == 2);
  CHECK(at.comment == 31);
  CHECK(at.by_source == std::vector<uint64_t>{41, 46});
}

TEST_CASE("attribution adds up to the file size on every map of the real corpus", "[sourcemap][corpus]") {
  namespace fs = std::filesystem;
  std::string root = std::string(KILN_FIXTURES) + "/../corpus";
  if (!fs::exists(root)) {
    WARN("corpus/ is absent (scripts/fetch-corpus swagger-ui-dist pdfjs-dist leaflet): real-package part skipped");
    return;
  }
  size_t maps = 0;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    std::string p = e.path().string();
    if (!e.is_regular_file() || p.size() < 4 || p.substr(p.size() - 4) != ".map") continue;
    std::string gen = p.substr(0, p.size() - 4);
    if (!fs::exists(gen)) continue;
    INFO(p);
    auto map = parse_source_map(test::read_file(p));
    REQUIRE(map.ok());
    sort_segments(map->segments);
    auto at = attribute(test::read_file(gen), *map);
    // monaco-editor's dev/ build rewrites `nls.localize(…)` calls after writing its maps, so
    // segments start past their (now shorter) lines: those maps do not belong to their files.
    if (p.find("monaco-editor/dev/") == std::string::npos) CHECK(!at.mismatch);
    uint64_t sum = at.no_source + at.unmapped + at.eol + at.comment;
    for (auto n : at.by_source) sum += n;
    CHECK(sum == at.total);
    CHECK(at.total == fs::file_size(gen));
    ++maps;
  }
  CHECK(maps > 0);
}

TEST_CASE("compressed shares add up exactly and never exceed a bucket's raw bytes", "[sourcemap][split]") {
  CHECK(proportional_shares({3, 1}, 10) == std::vector<uint64_t>{8, 2});  // 7.5/2.5: tie to the lower index
  CHECK(proportional_shares({0, 0}, 10) == std::vector<uint64_t>{0, 0});
  // 18/12/30 uncapped; the middle one holds 5 raw bytes, so it gets 5 and the rest 55 by 30:50.
  CHECK(capped_shares({30, 20, 50}, {100, 100, 100}, 60) == std::vector<uint64_t>{18, 12, 30});
  CHECK(capped_shares({30, 20, 50}, {100, 5, 100}, 60) == std::vector<uint64_t>{21, 5, 34});
  CHECK(capped_shares({1, 1}, {2, 2}, 9) == std::vector<uint64_t>{5, 4});  // caps cannot be met: plain shares
  // A 16-byte runtime helper compresses alone to more than 16 bytes; its share stays within 16.
  std::string big;
  for (int i = 0; i < 200; ++i) big += "export const value" + std::to_string(i) + " = " + std::to_string(i * 7) + ";\n";
  std::vector<std::string> buckets{"/*r*/var a=1;b()", big, ""};
  auto split = split_compressed(buckets, 700, 600);
  CHECK(split.gzip[0] <= 16);
  CHECK(split.brotli[0] <= 16);
  CHECK(split.gzip[0] + split.gzip[1] == 700);
  CHECK(split.brotli[0] + split.brotli[1] == 600);
  CHECK(split.gzip[2] == 0);
}
