// Bad inputs that used to abort or hang kiln, each end to end: nesting too deep for
// tree-sitter, file names that are not UTF-8 or carry control characters (header
// injection), a backtracking-prone user regex, a number JSON cannot hold in kiln.json.
#include <catch2/catch.hpp>
#include <filesystem>

#include "core/file_name.h"
#include "core/user_regex.h"
#include "hash/hashed_name.h"
#include "parse/nesting.h"
#include "test_util.h"

using namespace kiln;

namespace {

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("nesting is measured before parsing", "[bad][nesting]") {
  CHECK(parse::bracket_nesting("a((b)[{c}])").depth == 3);
  CHECK(parse::bracket_nesting("))))((").depth == 2);
  auto deep = parse::bracket_nesting(repeat("[", 3000));
  CHECK(deep.depth > parse::kMaxNesting);
  CHECK(deep.byte == parse::kMaxNesting);
  // Elements that close themselves or never hold children do not nest.
  CHECK(parse::html_nesting("<ul>" + repeat("<li>item<br><img src=a.png>", 5000) + "</ul>").depth == 1);
  CHECK(parse::html_nesting(repeat("<div><span/>", 10) + repeat("</div>", 10)).depth == 10);
  CHECK(parse::html_nesting(repeat("<div>", 5000)).depth > parse::kMaxNesting);
}

TEST_CASE("files nested 100,000 deep are reported, not handed to the parser", "[bad][nesting]") {
  test::TempDir t;
  std::string dist = t / "dist";
  test::write_file(dist + "/index.html",
                   "<!doctype html><script type=module src=\"deep.js\"></script><link rel=stylesheet href=\"deep.css\">"
                   "<a href=\"nested.html\">x</a>\n");
  test::write_file(dist + "/deep.js", "import './dep.js';\n" + repeat("[{(", 30000));
  test::write_file(dist + "/dep.js", "export const x = 1;\n");
  test::write_file(dist + "/deep.css", "@import 'more.css';\n" + repeat(".a{", 100000) + repeat("[", 100000));
  test::write_file(dist + "/more.css", "body{}\n");
  test::write_file(dist + "/nested.html", repeat("<div>", 100000));
  auto r = test::run_cli({"analyze", dist, "--no-cache"});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(contains(r.err, "deep.js:2:2001: syntax error in javascript: nested more than 2000 levels deep here, too deep for "
                        "the parser; references found by a lexical scan"));
  CHECK(contains(r.err, "deep.css:2:6003: syntax error in css: nested more than 2000 levels deep here"));
  CHECK(contains(r.err, "nested.html:1:10001: syntax error in html: nested more than 2000 levels deep here"));
  // The lexical scanners still found the references at the top of the deep files.
  size_t unref = r.out.find("unreferenced files");
  std::string tail = unref == std::string::npos ? "" : r.out.substr(unref);
  CHECK_FALSE(contains(tail, "dep.js"));
  CHECK_FALSE(contains(tail, "more.css"));
}

TEST_CASE("a file name that is not UTF-8 is refused, and the rest of the folder is processed", "[bad][names]") {
  for (const char* cmd : {"hash", "precache", "build"}) {
    test::TempDir t;
    std::string dist = t / "dist";
    test::write_file(dist + "/index.html", "<!doctype html><script type=module src=\"app.js\"></script>\n");
    test::write_file(dist + "/app.js", "export const a = 1;\n");
    test::write_file(dist + "/caf\xe9.js", "export const b = 2;\n");
    std::vector<std::string> args{cmd, dist, "--no-cache"};
    if (std::string(cmd) == "precache") args.insert(args.end(), {"-o", t / "list.json"});
    auto r = test::run_cli(args);
    INFO(cmd << "\n" << r.out << r.err);
    CHECK(r.code == 0);
    CHECK(contains(r.err, "kiln: warning: caf\\xe9.js: file name is not valid UTF-8"));
    CHECK(test::read_file(dist + "/caf\xe9.js") == "export const b = 2;\n");
    if (std::string(cmd) != "precache") CHECK_FALSE(test::exists(dist + "/app.js"));  // renamed
    else CHECK(contains(test::read_file(t / "list.json"), "app.js"));
  }
}

TEST_CASE("a file name with a newline never becomes a header rule", "[bad][names]") {
  test::TempDir t;
  std::string dist = t / "dist";
  std::string evil = "evil.js\nAccess-Control-Allow-Origin: *";
  test::write_file(dist + "/index.html", "<!doctype html><script type=module src=\"app.js\"></script>\n");
  test::write_file(dist + "/app.js", "export const a = 1;\n");
  test::write_file(dist + "/" + evil, "export const b = 2;\n");
  test::write_file(dist + "/tab\there.css", "body{}\n");
  auto r = test::run_cli({"build", dist, "--no-cache"});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(contains(r.err, "kiln: warning: evil.js\\nAccess-Control-Allow-Origin: *: file name contains a control character (\\n)"));
  CHECK(contains(r.err, "kiln: warning: tab\\there.css: file name contains a control character (\\t)"));
  for (const auto& [path, data] : test::read_tree(dist)) {
    INFO(path);
    CHECK_FALSE(contains(data, "Access-Control-Allow-Origin"));
    CHECK_FALSE(contains(data, "tab\there"));
  }
  CHECK(test::exists(dist + "/" + evil));
  CHECK(test::exists(dist + "/_headers"));
}

TEST_CASE("names are shown escaped", "[bad][names]") {
  CHECK(printable_name("a\nb\x01\xff.js") == "a\\nb\\x01\\xff.js");
  CHECK(printable_name("caf\xc3\xa9.js") == "caf\xc3\xa9.js");
  CHECK_FALSE(unsafe_name_reason("caf\xc3\xa9 #1 ?x%20.js").has_value());
  CHECK(unsafe_name_reason("\xed\xa0\x80.js").has_value());  // a surrogate
  CHECK(unsafe_name_reason("\xc0\xaf.js").has_value());      // overlong '/'
  CHECK(unsafe_name_reason("a\x7f").has_value());
}

TEST_CASE("a user regex that backtracks exponentially in std::regex matches in linear time", "[bad][regex]") {
  auto namer = hash::HashNamer::make("[name]-[hash][ext]", 8, "^(a+)+$");
  REQUIRE(namer.ok());
  std::string name = repeat("a", 200) + "b.js";  // 2^200 paths for a backtracking engine
  CHECK_FALSE(namer->is_hashed("assets/" + name));
  CHECK(namer->is_hashed("assets/" + repeat("a", 200)));
  auto re = UserRegex::compile("\\.[0-9a-f]{8}\\.");
  REQUIRE(re.ok());
  CHECK(re->search("app.0123abcd.js"));
  CHECK_FALSE(re->search("app.js"));
  auto bad = UserRegex::compile("(a");
  REQUIRE_FALSE(bad.ok());
  CHECK(contains(bad.error(), "missing )"));

  test::TempDir t;
  test::write_file(t / "dist/index.html", "<!doctype html><script src=\"" + name + "\"></script>\n");
  test::write_file(t / ("dist/" + name), "var a = 1;\n");
  auto r = test::run_cli({"hash", t / "dist", "--hashed-pattern", "^(a+)+$", "--no-cache", "-q"});
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK_FALSE(test::exists(t / ("dist/" + name)));
}

TEST_CASE("a number kiln.json cannot hold is a config error (exit 2), not an abort", "[bad][config]") {
  test::TempDir t;
  test::write_file(t / "dist/index.html", "<!doctype html>\n");
  test::write_file(t / "kiln.json", "{\n  \"dir\": \"dist\",\n  \"compress\": { \"minRatio\": 1e400 }\n}\n");
  auto r = test::run_cli({"build", "-c", t / "kiln.json", "--no-cache"});
  CHECK(r.code == 2);
  CHECK(contains(r.err, "kiln.json:3:29: invalid JSON: number overflow parsing '1e400'"));
  auto b = test::run_cli({"budget", t / "dist", "-c", t / "kiln.json"});
  CHECK(b.code == 2);
  CHECK(contains(b.err, "number overflow parsing '1e400'"));
}
