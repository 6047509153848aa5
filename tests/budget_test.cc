// kiln budget: the size units of each format, the hash-normalised file matching, Lighthouse
// path patterns, every config format over fixtures/budget/site, limits at and one byte over,
// relative budgets with and without a baseline, bad configs, and every output format as a
// golden file (fixtures/budget/expected; UPDATE_GOLDENS=1 rewrites them).
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "budget/evaluate.h"
#include "budget/hashed_names.h"
#include "budget/size_units.h"
#include "golden.h"
#include "report/budget_report.h"
#include "test_util.h"

using namespace kiln;

namespace {

const std::string kSite = std::string(KILN_FIXTURES) + "/budget/site";
const std::string kExpected = std::string(KILN_FIXTURES) + "/budget/expected";
const std::string kBad = std::string(KILN_FIXTURES) + "/budget/bad";

// Runs the CLI inside `dir`, so reports name `dist` and `budget.json`, not machine paths.
test::RunResult run_in(const std::string& dir, std::vector<std::string> args) {
  std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(dir);
  args.push_back("--no-cache");
  auto r = test::run_cli(args);
  std::filesystem::current_path(cwd);
  return r;
}

// A folder with one page and files of exact raw sizes, for boundary checks.
void write_sized_site(const test::TempDir& t) {
  test::write_file(t / "package.json", "{\"name\": \"sized\"}\n");
  test::write_file(t / "dist/index.html", "<script src=\"a.js\"></script>");
  test::write_file(t / "dist/a.js", test::noise_of_size(1000));
  test::write_file(t / "dist/b.js", test::noise_of_size(1024, 3));
}

bool xml_well_formed(const std::string& xml) {
  // scripts/setup installs xmllint (Debian libxml2-utils): without it this check fails
  // rather than passing unchecked.
  REQUIRE(std::system("command -v xmllint >/dev/null 2>&1") == 0);
  test::TempDir t;
  test::write_file(t / "junit.xml", xml);
  return std::system(("xmllint --noout " + (t / "junit.xml") + " 2>/dev/null").c_str()) == 0;
}

}  // namespace

TEST_CASE("each format reads sizes with its own units", "[budget]") {
  // kiln: decimal kB/KB, binary KiB.
  CHECK(budget::parse_kiln_limit("170 kB")->bytes == 170000);
  CHECK(budget::parse_kiln_limit("170 KB")->bytes == 170000);
  CHECK(budget::parse_kiln_limit("2 KiB")->bytes == 2048);
  CHECK(budget::parse_kiln_limit("1.5 MB")->bytes == 1500000);
  CHECK(budget::parse_kiln_limit("+5%")->kind == budget::Limit::Kind::percent);
  CHECK(budget::parse_kiln_limit("+5%")->percent == 5);
  CHECK(budget::parse_kiln_limit("+10 kB")->kind == budget::Limit::Kind::plus);
  CHECK(budget::parse_kiln_limit("+10 kB")->bytes == 10000);
  CHECK_FALSE(budget::parse_kiln_limit("170 kilobytes"));
  // size-limit's bytes.js: decimal unless "i", any case, rounded down.
  CHECK(*budget::parse_size_limit_bytes("10 kB") == 10000);
  CHECK(*budget::parse_size_limit_bytes("10KB") == 10000);
  CHECK(*budget::parse_size_limit_bytes("10 kb") == 10000);
  CHECK(*budget::parse_size_limit_bytes("10 KiB") == 10240);
  CHECK(*budget::parse_size_limit_bytes("1.5 MB") == 1500000);
  CHECK(*budget::parse_size_limit_bytes("0.5KB") == 500);
  CHECK(*budget::parse_size_limit_bytes("700B") == 700);
  CHECK(*budget::parse_size_limit_bytes("700") == 700);
  CHECK_FALSE(budget::parse_size_limit_bytes("10 k"));
  // The `bytes` package (bundlesize, bundlewatch): kB is 1024 whatever the case.
  CHECK(*budget::parse_npm_bytes("10 kB") == 10240);
  CHECK(*budget::parse_npm_bytes("10KB") == 10240);
  CHECK(*budget::parse_npm_bytes("1.5mb") == 1572864);
  CHECK(*budget::parse_npm_bytes("500b") == 500);
  CHECK(*budget::parse_npm_bytes("500") == 500);
  CHECK_FALSE(budget::parse_npm_bytes("10 KiB"));
}

TEST_CASE("content hashes are normalised away in both shapes", "[budget]") {
  using budget::normalize_hashed_name;
  CHECK(normalize_hashed_name("assets/index-4f2a9c1b.js") == "assets/index-[hash].js");
  CHECK(normalize_hashed_name("assets/index-9b8e77d0.js") == "assets/index-[hash].js");
  CHECK(normalize_hashed_name("assets/index-BQ4x_1aZ.js") == "assets/index-[hash].js");
  CHECK(normalize_hashed_name("assets/index-B-x9aQ1z.js") == "assets/index-[hash].js");
  CHECK(normalize_hashed_name("assets/index-DhFkLpqR.css") == "assets/index-[hash].css");
  CHECK(normalize_hashed_name("app.3f2a1b9c.css") == "app.[hash].css");
  CHECK(normalize_hashed_name("main.0a9b8c7d.js.map") == "main.[hash].js.map");
  CHECK(normalize_hashed_name("42.7f7f7f7f.js") == "42.[hash].js");
  CHECK(normalize_hashed_name("static/js/main.1a2b3c4d5e6f7a8b9c0d.chunk.js") == "static/js/main.[hash].chunk.js");
  // Names, not hashes.
  CHECK(normalize_hashed_name("assets/settings.js") == "assets/settings.js");
  CHECK(normalize_hashed_name("assets/react-Profiler.js") == "assets/react-Profiler.js");
  CHECK(normalize_hashed_name("jquery.min.js") == "jquery.min.js");
  CHECK(normalize_hashed_name("index.html") == "index.html");

  auto m = budget::match_files({{"a/index-4f2a9c1b.js", 100}, {"a/index-11111111.js", 900}, {"a/gone-22222222.js", 5},
                                {"index.html", 50}},
                               {{"a/index-BQ4x_1aZ.js", 950}, {"a/index-Cz9y_2bY.js", 120}, {"a/new-33333333.js", 7},
                                {"index.html", 60}});
  using P = std::pair<size_t, size_t>;
  CHECK(m.pairs == std::vector<P>{{1, 0}, {0, 1}, {3, 3}});  // same name: paired by size order
  CHECK(m.added == std::vector<size_t>{2});
  CHECK(m.removed == std::vector<size_t>{2});
}

TEST_CASE("Lighthouse path patterns: prefix, '*' and '$'", "[budget]") {
  using budget::lighthouse_path_matches;
  CHECK(lighthouse_path_matches("/about/", "/"));
  CHECK(lighthouse_path_matches("/about/", "/about"));
  CHECK_FALSE(lighthouse_path_matches("/about/", "/about$"));
  CHECK(lighthouse_path_matches("/about", "/about$"));
  CHECK(lighthouse_path_matches("/shop/item-article.html", "/*-article.html"));
  CHECK(lighthouse_path_matches("/shop/item-article.html?x", "/*-article"));
  CHECK_FALSE(lighthouse_path_matches("/shop/item-article.html?x", "/*-article.html$"));
  CHECK(lighthouse_path_matches("/vendor/chunk.js", "/vendor*chunk.js$"));
}

TEST_CASE("budget: every format over the site fixture, each output format golden", "[budget][golden]") {
  struct Case {
    std::string name;
    std::vector<std::string> args;
  };
  std::vector<Case> cases = {
      {"kiln.txt", {"budget", "dist", "--budget", "kiln.json"}},
      {"lighthouse.txt", {"budget", "dist", "--budget", "budget.json"}},
      {"size-limit.txt", {"budget", "dist", "--budget", ".size-limit.json"}},
      {"bundlesize.txt", {"budget", "dist", "--budget", "package.json"}},
      {"bundlewatch.txt", {"budget", "dist", "--budget", ".bundlewatch.config.json"}},
      {"all.txt", {"budget", "dist"}},
      {"all.md", {"budget", "dist", "--format", "markdown"}},
      {"all.github", {"budget", "dist", "--format", "github"}},
      {"all.junit.xml", {"budget", "dist", "--format", "junit"}},
      {"size-limit.json", {"budget", "dist", "--budget", ".size-limit.json", "--format", "size-limit"}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto r = run_in(kSite, c.args);
    CHECK(r.code == 1);  // every file has a broken budget on purpose
    test::check_golden(kExpected + "/" + c.name, r.out);
    if (c.name == "all.junit.xml") CHECK(xml_well_formed(r.out));
  }
  // JSON: the budgets plus the analysis facts, so it can be the next run's --baseline.
  auto j = run_in(kSite, {"budget", "dist", "--format", "json", "-j1"});
  CHECK(j.code == 1);
  test::check_golden(kExpected + "/all.json", j.out);
  // The relative-* goldens are the relative budgets test's.
  test::check_no_leftover_goldens(kExpected, "",
                                  {"relative-baseline.md", "relative-baseline.txt", "relative-no-baseline.txt"});
  auto report = nlohmann::json::parse(j.out);
  CHECK(report["schema"] == "kiln.budget/1");
  CHECK(report["summary"]["fail"].get<int>() > 0);
  CHECK(report["files"].size() == 17);
  auto j4 = run_in(kSite, {"budget", "dist", "--format", "json", "-j4"});
  CHECK(j4.out == j.out);
}

TEST_CASE("budget: exactly at the limit passes, one byte over fails", "[budget]") {
  test::TempDir t;
  write_sized_site(t);
  // size-limit: "1 kB" is 1000 bytes; bundlesize: "1 kB" is 1024 bytes.
  test::write_file(t / ".size-limit.json",
                   R"([{"name": "at", "path": "dist/a.js", "limit": "1 kB", "brotli": false},
                       {"name": "over", "path": "dist/a.js", "limit": "999 B", "brotli": false},
                       {"name": "kib", "path": "dist/b.js", "limit": "1 KiB", "brotli": false},
                       {"name": "kb", "path": "dist/b.js", "limit": "1 KB", "brotli": false}])");
  auto sl = run_in(t.path(), {"budget", "dist", "--budget", ".size-limit.json", "--format", "size-limit"});
  CHECK(sl.code == 1);
  CHECK(sl.out == R"([
  {
    "name": "at",
    "passed": true,
    "size": 1000,
    "sizeLimit": 1000
  },
  {
    "name": "over",
    "passed": false,
    "size": 1000,
    "sizeLimit": 999
  },
  {
    "name": "kib",
    "passed": true,
    "size": 1024,
    "sizeLimit": 1024
  },
  {
    "name": "kb",
    "passed": false,
    "size": 1024,
    "sizeLimit": 1000
  }
]
)");
  test::write_file(t / "bundlewatch.json", R"({"files": [{"path": "dist/b.js", "maxSize": "1kB", "compression": "none"}]})");
  CHECK(run_in(t.path(), {"budget", "dist", "--budget", "bundlewatch.json"}).code == 0);
  test::write_file(t / "bundlewatch.json", R"({"files": [{"path": "dist/b.js", "maxSize": "1023", "compression": "none"}]})");
  CHECK(run_in(t.path(), {"budget", "dist", "--budget", "bundlewatch.json"}).code == 1);
  // In package.json the rule's JSON path is inside the tool's key, and every source is named
  // once however similar the names.
  test::write_file(t / "package.json",
                   R"({"bundlewatch": {"files": [{"path": "dist/b.js", "maxSize": "1kB", "compression": "none"}]}})");
  test::write_file(t / "dist/budget.json", R"([{"path": "/*", "resourceSizes": [{"resourceType": "total", "budget": 100}]}])");
  test::write_file(t / "budget.json", R"([{"path": "/*", "resourceSizes": [{"resourceType": "total", "budget": 100}]}])");
  auto pkg = run_in(t.path(), {"budget", "dist", "--budget", "package.json", "--budget", "dist/budget.json",
                               "--budget", "budget.json", "--format", "json"});
  auto pj = nlohmann::json::parse(pkg.out);
  CHECK(pj["budgets"][0]["jsonPath"] == "bundlewatch.files[0]");
  auto text = run_in(t.path(), {"budget", "dist", "--budget", "package.json", "--budget", "dist/budget.json",
                                "--budget", "budget.json"});
  CHECK(text.out.find("from package.json#bundlewatch, dist/budget.json, budget.json") != std::string::npos);
  // Lighthouse: KB * 1024, whole page, brotli. Noise does not compress: brotli = raw.
  auto page = [&](const std::string& kb) {
    test::write_file(t / "budget.json", R"([{"resourceSizes": [{"resourceType": "script", "budget": )" + kb + "}]}]");
    return run_in(t.path(), {"budget", "dist", "--budget", "budget.json"}).code;
  };
  CHECK(page("0.9765625") == 0);  // 1000 bytes exactly
  CHECK(page("0.9755") == 1);     // 998 bytes
  // kiln: warning level does not fail the run.
  test::write_file(t / "kiln.json", R"({"budget": {"files": [{"path": "a.js", "limit": {"error": "1000 B", "warning": "999 B"}}]}})");
  auto warn = run_in(t.path(), {"budget", "dist", "--budget", "kiln.json"});
  CHECK(warn.code == 0);
  CHECK(warn.out.find("warn   a.js (brotli)") != std::string::npos);
}

TEST_CASE("budget: relative limits need a baseline; files match across hashes", "[budget]") {
  test::TempDir t;
  // The base branch: the site as it is, saved as kiln's JSON report.
  auto base = run_in(kSite, {"budget", "dist", "--budget", "kiln.json", "--format", "json"});
  test::write_file(t / "base.json", base.out);
  // This branch: a re-hashed entry script and a bigger vendor chunk.
  std::filesystem::copy(kSite + "/dist", t / "dist", std::filesystem::copy_options::recursive);
  std::filesystem::rename(t / "dist/assets/index-4f2a9c1b.js", t / "dist/assets/index-BQ4x_1aZ.js");
  std::filesystem::remove(t / "dist/assets/orphan-deadbeef.js");
  std::string html = test::read_file(t / "dist/index.html");
  html.replace(html.find("index-4f2a9c1b.js"), 17, "index-BQ4x_1aZ.js");
  test::write_file(t / "dist/index.html", html);
  test::write_file(t / "dist/assets/vendor-8d7e6f5a.js",
                   test::read_file(t / "dist/assets/vendor-8d7e6f5a.js") + test::noise_of_size(600));
  test::write_file(t / "dist/assets/new-chunk-0f0f0f0f.js", "export const x = 1;\n");
  test::write_file(t / "kiln.json", R"({"budget": {
    "entries": [{"path": "index.html", "initial": "+5%", "lazy": {"error": "+1 kB", "warning": "+0%"}}],
    "types": {"script": "+10%"},
    "files": [{"path": "assets/index-*.js", "limit": "+0 B", "each": true}]
  }})");
  auto without = run_in(t.path(), {"budget", "dist", "--budget", "kiln.json"});
  CHECK(without.code == 0);  // skipped is neither passed nor failed
  test::check_golden(kExpected + "/relative-no-baseline.txt", without.out);
  auto with = run_in(t.path(), {"budget", "dist", "--budget", "kiln.json", "--baseline", "base.json"});
  CHECK(with.code == 1);
  test::check_golden(kExpected + "/relative-baseline.txt", with.out);
  auto md = run_in(t.path(), {"budget", "dist", "--budget", "kiln.json", "--baseline", "base.json", "--format", "markdown"});
  test::check_golden(kExpected + "/relative-baseline.md", md.out);
  test::check_no_leftover_goldens(kExpected, "relative-");
  auto j = nlohmann::json::parse(
      run_in(t.path(), {"budget", "dist", "--budget", "kiln.json", "--baseline", "base.json", "--format", "json"}).out);
  CHECK(j["comparison"]["added"] == nlohmann::json({"assets/new-chunk-0f0f0f0f.js"}));
  CHECK(j["comparison"]["removed"] == nlohmann::json({"assets/orphan-deadbeef.js"}));
  bool renamed = false;
  for (const auto& f : j["comparison"]["files"])
    renamed = renamed || f["name"] == "assets/index-4f2a9c1b.js → assets/index-BQ4x_1aZ.js";
  CHECK(renamed);
  // Its own JSON is a valid baseline.
  test::write_file(t / "self.json", j.dump());
  CHECK(run_in(t.path(), {"budget", "dist", "--budget", "kiln.json", "--baseline", "self.json"}).code == 0);
}

TEST_CASE("budget: github annotations and the step summary", "[budget]") {
  test::TempDir t;
  test::write_file(t / "summary.md", "earlier step\n");
  auto r = run_in(kSite, {"budget", "dist", "--budget", "budget.json", "--format", "github", "--step-summary",
                          t / "summary.md"});
  CHECK(r.code == 1);
  CHECK(r.out.find("::error file=budget.json,title=budget about/index.html document size (brotli)::about/index.html "
                   "document size (brotli): 93 B is over the limit of 92 B by 1 B (93 > 92) (at [1].resourceSizes[0])\n") !=
        std::string::npos);
  CHECK(r.out.find("::error file=budget.json,title=budget about/index.html document size (brotli)::") !=
        std::string::npos);
  std::string summary = test::read_file(t / "summary.md");
  CHECK(summary.rfind("earlier step\n### ❌ kiln budget `dist`", 0) == 0);
}

TEST_CASE("budget: bad configs name the file, the JSON path and what was expected", "[budget]") {
  auto bad = [&](std::vector<std::string> args) { return run_in(kBad, args); };
  struct Case {
    std::string file, message;
  };
  std::vector<Case> cases = {
      {"budget.json", "budget.json: [0].resourceSizes[1].budget: expected a number of KB, got \"big\""},
      {"kiln.json",
       "kiln.json: budget.entries[0].initial: expected a size such as \"170 kB\", \"1.5 MB\", \"2 KiB\" or a growth "
       "such as \"+5%\", got \"170 kilobytes\""},
      {".size-limit.json", ".size-limit.json: [0].gzipp: unknown size-limit option (did you mean \"gzip\"?)"},
      {"package.json", "package.json: bundlesize[0].maxSize: expected a size such as \"10 kB\" (10240 bytes: the bytes "
                       "package counts kB as 1024), got \"10 KiB\""},
      {".bundlewatch.config.json",
       ".bundlewatch.config.json: files[0].compression: expected \"gzip\", \"brotli\" or \"none\", got \"zip\""},
      {"truncated.json", "truncated.json:1:34: invalid JSON: syntax error while parsing value - unexpected end of input; "
                         "expected '[', '{', or a literal"},
      {"lighthouse-path.json", "lighthouse-path.json: [0].path: expected a URL path starting with '/', got \"about\""},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    auto r = bad({"budget", "../site/dist", "--budget", c.file});
    CHECK(r.code == 2);
    CHECK(r.err == "kiln: error: " + c.message + "\n");
    CHECK(r.out.empty());
  }
  auto missing = bad({"budget", "../site/dist", "--budget", "nope.json"});
  CHECK(missing.code == 3);
  CHECK(missing.err == "kiln: error: nope.json: cannot read: No such file or directory\n");
  auto js = bad({"budget", "../site/dist", "--budget", ".size-limit.js"});
  CHECK(js.code == 2);
  test::TempDir t;
  write_sized_site(t);
  auto none = run_in(t.path(), {"budget", "dist"});
  CHECK(none.code == 2);
  CHECK(none.err.find("kiln: error: no budgets found") == 0);
  test::write_file(t / "base.json", "{\"schema\": \"other/1\"}");
  test::write_file(t / ".size-limit.json", R"([{"path": "dist/a.js", "limit": "1 kB"}])");
  auto base = run_in(t.path(), {"budget", "dist", "--baseline", "base.json"});
  CHECK(base.code == 2);
  CHECK(base.err == "kiln: error: base.json: schema: expected \"kiln.analyze/1\", \"kiln.budget/1\" or "
                    "\"kiln.build/1\", got \"other/1\"\n");
  // A baseline that is not JSON, and one with a wrong type: the place and the reason.
  test::write_file(t / "base.json", "{\"schema\": ");
  auto broken = run_in(t.path(), {"budget", "dist", "--baseline", "base.json"});
  CHECK(broken.code == 2);
  CHECK(broken.err == "kiln: error: base.json:1:12: invalid JSON: syntax error while parsing value - unexpected "
                      "end of input; expected '[', '{', or a literal\n");
  test::write_file(t / "base.json", R"({"schema": "kiln.analyze/1", "entries": [], "files": [{"path": "a.js"}, {"path": 3}]})");
  auto typed = run_in(t.path(), {"budget", "dist", "--baseline", "base.json"});
  CHECK(typed.code == 2);
  CHECK(typed.err == "kiln: error: base.json: files[1]: type must be string, but is number\n");
  // kiln build reads the same baseline the same way, and an unreadable one is exit 3.
  auto gone = run_in(t.path(), {"build", "dist", "-n", "--baseline", "gone.json"});
  CHECK(gone.code == 3);
  CHECK(gone.err == "kiln: error: gone.json: cannot read: No such file or directory\n");
}

TEST_CASE("budget: every config format checks its keys, suggests the nearest and reports every mistake at once",
          "[budget]") {
  test::TempDir t;
  write_sized_site(t);
  // bundlesize: a typo used to mean "no limit" and exit 0.
  test::write_file(t / "package.json",
                   R"({"name": "sized", "bundlesize": [{"path": "dist/a.js", "max_size": "1 kB"},)"
                   R"( {"path": "dist/b.js", "maxSize": "1 kB", "compresion": "gzip"}]})");
  auto r = run_in(t.path(), {"budget", "dist"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "kiln: error: package.json: bundlesize[0].max_size: unknown bundlesize key (did you mean \"maxSize\"?)\n"
        "kiln: error: package.json: bundlesize[1].compresion: unknown bundlesize key (did you mean \"compression\"?)\n");
  CHECK(r.out.empty());
  // Lighthouse: a timing's keys and metric are checked as Lighthouse's budget.js checks them;
  // the errors of every budget come together, in file order.
  test::write_file(t / "budget.json",
                   R"([{"path": "/*", "timings": [{"metric": "first-cpu-idle", "budget": 100}]},)"
                   R"( {"resourceSizes": [{"resourceType": "script", "budjet": 10}],)"
                   R"(  "timings": [{"metric": "interactive", "budget": 5000, "tolerance": 100}]}])");
  auto lh = run_in(t.path(), {"budget", "dist", "--budget", "budget.json"});
  CHECK(lh.code == 2);
  CHECK(lh.err ==
        "kiln: error: budget.json: [0].timings[0].metric: expected one of first-contentful-paint, interactive, "
        "first-meaningful-paint, max-potential-fid, total-blocking-time, speed-index, largest-contentful-paint or "
        "cumulative-layout-shift, got \"first-cpu-idle\"\n"
        "kiln: error: budget.json: [1].resourceSizes[0].budjet: unknown key (did you mean \"budget\"?)\n"
        "kiln: error: budget.json: [1].resourceSizes[0].budget: expected a number of KB, got null\n");
  // kiln.json: a key far from every known one lists what is allowed.
  test::TempDir k_site;
  write_sized_site(k_site);
  test::write_file(k_site / "kiln.json", R"({"budget": {"files": [{"path": "a.js", "limit": "1 kB", "colour": "red"}]}})");
  auto k = run_in(k_site.path(), {"budget", "dist", "-c", "kiln.json"});
  CHECK(k.code == 2);
  CHECK(k.err == "kiln: error: kiln.json: budget.files[0].colour: unknown key (allowed: path limit compression each "
                 "name)\n");
}
