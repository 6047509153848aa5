// kiln hash and kiln precache: hashed-name rules, byte-range rewriting, group hashing of
// cycles, idempotence, determinism, SRI checked with the openssl command, and the bad inputs
// that must leave the folder untouched.
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "golden.h"
#include "hash/edits.h"
#include "hash/hashed_name.h"
#include "manifest/headers_file.h"
#include "manifest/precache.h"
#include "test_util.h"

using namespace kiln;

namespace {

std::string shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string copy_fixture(const test::TempDir& tmp, const std::string& fixture) {
  std::string dest = tmp / "dist";
  std::filesystem::copy(std::string(KILN_FIXTURES) + "/" + fixture, dest, std::filesystem::copy_options::recursive);
  return dest;
}

std::string find_file(const std::map<std::string, std::string>& tree, const std::string& prefix, const std::string& ext) {
  for (const auto& [path, _] : tree)
    if (path.rfind(prefix, 0) == 0 && path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext) return path;
  return "";
}

}  // namespace

TEST_CASE("names that already carry a content hash are recognised", "[hash]") {
  for (const char* p : {"assets/index-4f2a9c1b.js", "app.3f2a1b9c.css", "assets/index-BQ4x_1aZ.js",
                        "polyfills.11223344.js", "chunk-deadbeef.js", "main.0a9b8c7d.js"})
    CHECK(hash::hash_segment(p).has_value());
  CHECK(hash::hash_segment("assets/index-DkQaVbWx.js").has_value());  // base64url without a digit
  for (const char* p : {"main.js", "swagger-ui-standalone-preset.js", "index.html", "vendor.bundle.js",
                        "jquery-3.7.1.min.js", "favicon-32x32.png", "images/cursor-editorInk.svg",
                        "images/toolbarButton-menuArrow.svg", "cursor-editorFreeHighlight.svg", "Icon-MenuArrow.svg"})
    CHECK_FALSE(hash::hash_segment(p).has_value());
  CHECK(hash::without_hash("img/photo-a7357eb0.jpg") == "img/photo.jpg");
  CHECK(hash::without_hash("img/photo-640w-9b8e77d0.webp") == "img/photo-640w.webp");
  CHECK(hash::without_hash("app.3f2a1b9c.css") == "app.css");
  CHECK(hash::without_hash("assets/index-BQ4x_1aZ.js") == "assets/index.js");
  CHECK(hash::without_hash("jquery-3.7.1.min.js") == "jquery-3.7.1.min.js");
  auto namer = *hash::HashNamer::make("[name]-[hash][ext]", 8, "");
  CHECK(namer.rename("assets/app.js", "1a2b3c4d") == "assets/app-1a2b3c4d.js");
  CHECK(namer.rename("assets/app-4f2a9c1b.js", "1a2b3c4d") == "assets/app-1a2b3c4d.js");
  auto dotted = *hash::HashNamer::make("[name].[hash][ext]", 10, "");
  CHECK(dotted.rename("a/b.min.css", "0123456789") == "a/b.min.0123456789.css");
  CHECK(dotted.digest("abc").size() == 10);
  CHECK_FALSE(hash::HashNamer::make("[name][ext]", 8, "").ok());
  auto custom = *hash::HashNamer::make("[name]-[hash][ext]", 8, "^v\\d+-");
  CHECK(custom.is_hashed("lib/v12-app.js"));
  CHECK_FALSE(custom.is_hashed("lib/app-4f2a9c1b.js"));
}

TEST_CASE("specifiers keep their form when the file name changes", "[hash]") {
  auto r = [](const char* raw) { return hash::rewrite_specifier(raw, "assets/app.js", "assets/app-1a2b3c4d.js"); };
  CHECK(*r("./app.js") == "./app-1a2b3c4d.js");
  CHECK(*r("/assets/app.js?v=3#top") == "/assets/app-1a2b3c4d.js?v=3#top");
  CHECK(*r("app.js") == "app-1a2b3c4d.js");
  CHECK(*r("../assets/app.js") == "../assets/app-1a2b3c4d.js");
  CHECK_FALSE(r("./xapp.js").has_value());
  // A name written percent-encoded gets its new name encoded where a URL needs it.
  CHECK(*r("./app%2Ejs") == "./app-1a2b3c4d.js");
  CHECK(*r("./%61pp.js?x") == "./app-1a2b3c4d.js?x");
  CHECK_FALSE(r("./app%2").has_value());
  auto spaced = [](const char* raw) { return hash::rewrite_specifier(raw, "a b%.css", "a b%-0123abcd.css"); };
  CHECK(*spaced("a%20b%25.css") == "a%20b%25-0123abcd.css");
  CHECK(*spaced("a%20b%25.css#x") == "a%20b%25-0123abcd.css#x");
  CHECK(*spaced("a b%25.css") == "a%20b%25-0123abcd.css");
}

TEST_CASE("edits touch only their byte ranges", "[hash]") {
  auto out = apply_edits("0123456789", {{7, 9, "x"}, {2, 4, "AB"}, {5, 5, "+"}});
  REQUIRE(out.ok());
  CHECK(*out == "01AB4+56x9");
  CHECK_FALSE(apply_edits("0123", {{0, 2, ""}, {1, 3, ""}}).ok());
  std::string html = R"(<script type=module src="/a.js"></script><link rel=stylesheet href='b.css' integrity="old">)";
  auto e1 = hash::integrity_edit(html, 25, 30, "sha384-X");
  REQUIRE(e1);
  CHECK(*apply_edits(html, {*e1}) ==
        R"(<script type=module src="/a.js" integrity="sha384-X"></script><link rel=stylesheet href='b.css' integrity="old">)");
  size_t b = html.find("b.css");
  auto e2 = hash::integrity_edit(html, uint32_t(b), uint32_t(b + 5), "sha384-Y");
  REQUIRE(e2);
  CHECK(apply_edits(html, {*e2})->find(R"(integrity="sha384-Y">)") != std::string::npos);
}

TEST_CASE("kiln hash on the fixture site: renames, rewrites, manifests, headers", "[hash][golden]") {
  test::TempDir tmp;
  std::string dist = copy_fixture(tmp, "site");
  auto r = test::run_cli({"hash", dist, "--format", "json", "--sri"});
  REQUIRE(r.code == 0);
  test::check_golden(std::string(KILN_FIXTURES) + "/hash/site.json", r.out);
  auto tree = test::read_tree(dist);
  test::check_golden(std::string(KILN_FIXTURES) + "/hash/site-manifest.json", tree["manifest.json"]);
  test::check_golden(std::string(KILN_FIXTURES) + "/hash/site-chunk-manifest.json", tree["chunk-manifest.json"]);
  test::check_golden(std::string(KILN_FIXTURES) + "/hash/site-headers.txt", tree["_headers"]);
  test::check_golden(std::string(KILN_FIXTURES) + "/hash/site-index.html", tree["index.html"]);
  test::check_no_leftover_goldens(std::string(KILN_FIXTURES) + "/hash", "");

  SECTION("every reference still resolves, and the graph is the same") {
    auto before = test::run_cli({"analyze", std::string(KILN_FIXTURES) + "/site", "--no-cache", "--format", "json"});
    auto after = test::run_cli({"analyze", dist, "--no-cache", "--format", "json"});
    auto jb = nlohmann::json::parse(before.out), ja = nlohmann::json::parse(after.out);
    CHECK(ja["edges"].size() == jb["edges"].size());
    CHECK(ja["entries"][0]["initial"]["files"] == jb["entries"][0]["initial"]["files"]);
    CHECK(ja["entries"][0]["lazy"]["files"] == jb["entries"][0]["lazy"]["files"]);
    CHECK(after.err.find("does not exist") == std::string::npos);
  }
  SECTION("SRI values match the openssl command's") {
    std::string main_js = find_file(tree, "assets/main-", ".js");
    REQUIRE(!main_js.empty());
    std::string expected =
        "sha384-" + shell("openssl dgst -sha384 -binary '" + dist + "/" + main_js + "' | base64 -w0");
    CHECK(tree["index.html"].find("integrity=\"" + expected + "\"") != std::string::npos);
    auto chunk = nlohmann::json::parse(tree["chunk-manifest.json"]);
    CHECK(chunk["assets/main.js"]["integrity"] == expected);
  }
  SECTION("running it again changes nothing") {
    auto again = test::run_cli({"hash", dist, "--sri", "-q"});
    CHECK(again.code == 0);
    CHECK(test::read_tree(dist) == tree);
  }
}

TEST_CASE("kiln hash: same bytes for -j1 and -j4", "[hash][determinism]") {
  test::TempDir a, b;
  std::string da = copy_fixture(a, "analyze/vite-esm/dist"), db = copy_fixture(b, "analyze/vite-esm/dist");
  CHECK(test::run_cli({"hash", da, "-j1", "-q"}).code == 0);
  CHECK(test::run_cli({"hash", db, "-j4", "-q"}).code == 0);
  CHECK(test::read_tree(da) == test::read_tree(db));
}

TEST_CASE("a deep change renames everything above it; cycles are hashed as a group", "[hash]") {
  test::TempDir t1, t2;
  std::string d1 = copy_fixture(t1, "site"), d2 = copy_fixture(t2, "site");
  test::write_file(d2 + "/assets/vendor.js", test::read_file(d2 + "/assets/vendor.js") + "\n// changed\n");
  REQUIRE(test::run_cli({"hash", d1, "-q"}).code == 0);
  REQUIRE(test::run_cli({"hash", d2, "-q"}).code == 0);
  auto m1 = nlohmann::json::parse(test::read_file(d1 + "/manifest.json"));
  auto m2 = nlohmann::json::parse(test::read_file(d2 + "/manifest.json"));
  CHECK(m1["assets/vendor.js"] != m2["assets/vendor.js"]);
  CHECK(m1["assets/main.js"] != m2["assets/main.js"]);    // imports vendor
  CHECK(m1["assets/chart.js"] != m2["assets/chart.js"]);  // imports vendor
  CHECK(m1["assets/style.css"] == m2["assets/style.css"]);  // does not

  test::TempDir c1, c2;
  std::string e1 = copy_fixture(c1, "analyze/cycle/dist"), e2 = copy_fixture(c2, "analyze/cycle/dist");
  test::write_file(e2 + "/b.js", test::read_file(e2 + "/b.js") + "// changed\n");
  REQUIRE(test::run_cli({"hash", e1, "-q"}).code == 0);
  REQUIRE(test::run_cli({"hash", e2, "-q"}).code == 0);
  auto n1 = nlohmann::json::parse(test::read_file(e1 + "/manifest.json"));
  auto n2 = nlohmann::json::parse(test::read_file(e2 + "/manifest.json"));
  CHECK(n1["a.js"] != n2["a.js"]);  // a and b import each other: both change
  CHECK(n1["b.js"] != n2["b.js"]);
  std::string a_final = n1["a.js"].get<std::string>().substr(1), b_final = n1["b.js"].get<std::string>().substr(1);
  CHECK(test::read_file(e1 + "/" + a_final).find("./" + b_final) != std::string::npos);
  CHECK(test::read_file(e1 + "/" + b_final).find("./" + a_final) != std::string::npos);
}

TEST_CASE("kiln hash refuses, and changes nothing, when it cannot do the job", "[hash]") {
  SECTION("a reference whose file name is escaped cannot be rewritten") {
    test::TempDir t;
    test::write_file(t / "dist/index.html", "<script type=module src=\"a.js\"></script>\n");
    test::write_file(t / "dist/a.js", "import \"./\\u0062.js\";\n");
    test::write_file(t / "dist/b.js", "export const b = 1;\n");
    auto before = test::read_tree(t / "dist");
    auto r = test::run_cli({"hash", t / "dist", "-q"});
    CHECK(r.code == 3);
    CHECK(r.err.find("kiln: error: a.js:1:9: cannot rewrite './\\u0062.js' to name b-") != std::string::npos);
    CHECK(r.err.find("nothing was renamed or rewritten") != std::string::npos);
    CHECK(test::read_tree(t / "dist") == before);
  }
  SECTION("manifest.json that is a web app manifest is never overwritten") {
    test::TempDir t;
    test::write_file(t / "dist/index.html", "<script src=\"a.js\"></script>\n");
    test::write_file(t / "dist/a.js", "1\n");
    test::write_file(t / "dist/manifest.json", "{\"name\": \"App\", \"icons\": []}\n");
    auto before = test::read_tree(t / "dist");
    auto r = test::run_cli({"hash", t / "dist"});
    CHECK(r.code == 2);
    CHECK(r.err == "kiln: error: manifest.json: not an asset manifest (\"icons\" is not a string: a web app "
                   "manifest?); give kiln's manifest another name with --manifest asset-manifest.json\n");
    CHECK(test::read_tree(t / "dist") == before);
  }
}

TEST_CASE("_headers groups folders and never mixes classes", "[hash][headers]") {
  auto h = manifest::make_headers({{"index.html", false},
                                   {"assets/a-1a2b3c4d.js", true},
                                   {"assets/img/b-1a2b3c4d.png", true},
                                   {"about/index.html", false},
                                   {"mixed/c-1a2b3c4d.css", true},
                                   {"mixed/data.json", false}},
                                  "/");
  CHECK(h.text ==
        "# Written by kiln hash: hashed files are immutable, everything else is revalidated.\n"
        "/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n"
        "/mixed/c-1a2b3c4d.css\n  Cache-Control: public, max-age=31536000, immutable\n"
        "/\n  Cache-Control: no-cache\n"
        "/about/*\n  Cache-Control: no-cache\n"
        "/index.html\n  Cache-Control: no-cache\n"
        "/mixed/data.json\n  Cache-Control: no-cache\n");
  CHECK(h.rules == 6);
}

TEST_CASE("kiln precache: workbox's entries, revisions and injection", "[precache]") {
  test::TempDir t;
  test::write_file(t / "dist/index.html", "<!doctype html><script src=app-1a2b3c4d.js></script>\n");
  test::write_file(t / "dist/app-1a2b3c4d.js", "console.log(1)\n");
  test::write_file(t / "dist/about.html", "<!doctype html><p>about</p>\n");
  test::write_file(t / "dist/big.js", std::string(3000, 'x'));
  test::write_file(t / "dist/style.css", "body{}\n");
  test::write_file(t / "dist/style.css.br", "whatever");
  test::write_file(t / "dist/logo.png", "png");
  test::write_file(t / "dist/sw.js", "importScripts('wb.js');\nprecacheAndRoute(self.__WB_MANIFEST);\n");
  auto r = test::run_cli({"precache", t / "dist", "--max-size", "2000", "--sw", "sw.js", "--url-prefix", "=/app/",
                          "--add", "https://cdn.example.com/x.js@7"});
  CHECK(r.code == 0);
  CHECK(r.err == "kiln: warning: big.js: not precached: 3,000 bytes is over --max-size 2,000 (workbox's "
                 "maximumFileSizeToCacheInBytes)\n");
  std::string sw = test::read_file(t / "dist/sw.js");
  std::string md5_about = shell("openssl dgst -md5 -r '" + (t / "dist/about.html") + "' | cut -d' ' -f1");
  std::string md5_index = shell("openssl dgst -md5 -r '" + (t / "dist/index.html") + "' | cut -d' ' -f1");
  std::string md5_css = shell("openssl dgst -md5 -r '" + (t / "dist/style.css") + "' | cut -d' ' -f1");
  CHECK(sw == "importScripts('wb.js');\nprecacheAndRoute(/*kiln:precache*/["
              "{\"revision\":\"" + md5_about + "\",\"url\":\"/app/about.html\"},"
              "{\"revision\":null,\"url\":\"/app/app-1a2b3c4d.js\"},"
              "{\"revision\":\"" + md5_index + "\",\"url\":\"/app/index.html\"},"
              "{\"revision\":\"" + md5_css + "\",\"url\":\"/app/style.css\"},"
              "{\"revision\":\"7\",\"url\":\"https://cdn.example.com/x.js\"}]/*kiln:precache-end*/);\n");
  auto again = test::run_cli({"precache", t / "dist", "--max-size", "2000", "--sw", "sw.js", "--url-prefix",
                              "=/app/", "--add", "https://cdn.example.com/x.js@7", "-q"});
  CHECK(test::read_file(t / "dist/sw.js") == sw);  // idempotent

  test::write_file(t / "dist/sw2.js", "a(self.__WB_MANIFEST); b(self.__WB_MANIFEST);\n");
  auto twice = test::run_cli({"precache", t / "dist", "--sw", "sw2.js"});
  CHECK(twice.code == 2);
  CHECK(twice.err == "kiln: error: sw2.js: self.__WB_MANIFEST appears more than once; it must appear exactly once\n");
  auto json = test::run_cli({"precache", t / "dist", "--glob", "**/*.css", "--integrity"});
  auto j = nlohmann::json::parse(json.out);
  REQUIRE(j.size() == 1);
  CHECK(j[0]["url"] == "style.css");
  CHECK(j[0]["integrity"] ==
        "sha384-" + shell("openssl dgst -sha384 -binary '" + (t / "dist/style.css") + "' | base64 -w0"));
}
