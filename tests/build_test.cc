// kiln build: goldens of two fixture sites built end to end (the output tree, manifest,
// precache injection, _headers, the report), determinism across -j and across a cold and a
// warm cache, and early failures that leave the folder untouched.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cache/content_cache.h"
#include "config/kiln_config.h"
#include "core/digest.h"
#include "fs/memory_disk.h"
#include "fs/read_once_disk.h"
#include "pipeline/build.h"
#include "golden.h"
#include "test_util.h"

using namespace kiln;

namespace {

test::RunResult run_in(const std::string& dir, const std::vector<std::string>& args) {
  std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(dir);
  auto r = test::run_cli(args);
  std::filesystem::current_path(cwd);
  return r;
}

std::string copy_site(const test::TempDir& tmp, const std::string& name) {
  std::string dest = tmp / name;
  std::filesystem::copy(std::string(KILN_FIXTURES) + "/build/" + name, dest, std::filesystem::copy_options::recursive);
  return dest;
}

// "path  size  xxh128[0:12]" per file: a reviewable picture of the whole output.
std::string listing(const std::map<std::string, std::string>& tree) {
  std::ostringstream out;
  for (const auto& [path, data] : tree) out << path << "  " << data.size() << "  " << xxh128_hex(data).substr(0, 12) << '\n';
  return out.str();
}

}  // namespace

TEST_CASE("kiln build goldens: two fixture sites end to end", "[build][golden]") {
  for (const std::string name : {"shop", "vite"}) {
    INFO("site " << name);
    test::TempDir tmp;
    std::string site = copy_site(tmp, name);
    auto r = run_in(site, {"build", "--no-cache", "-j2"});
    std::string golden = std::string(KILN_FIXTURES) + "/build/expected-" + name;
    test::check_golden(golden + "-report.txt", r.out + "--- exit " + std::to_string(r.code) + " ---\n" + r.err);
    auto tree = test::read_tree(site + "/dist");
    test::check_golden(golden + "-tree.txt", listing(tree));
    test::check_golden(golden + "-manifest.json", tree["manifest.json"]);
    test::check_golden(golden + "-headers.txt", tree["_headers"]);
    if (name == "shop") test::check_golden(golden + "-sw.js", tree["sw.js"]);
  }
  // build_idempotence_test.cc checks the gallery's tree.
  test::check_no_leftover_goldens(std::string(KILN_FIXTURES) + "/build", "expected-", {"expected-gallery-tree.txt"});
}

TEST_CASE("kiln build: same bytes for -j1 and -j4, cold and warm, and again on its output", "[build][determinism]") {
  test::TempDir a, b, c, cache;
  std::string sa = copy_site(a, "shop"), sb = copy_site(b, "shop"), sc = copy_site(c, "shop");
  REQUIRE(run_in(sa, {"build", "--no-cache", "-j1", "-q"}).code == 0);
  REQUIRE(run_in(sb, {"build", "--cache-dir", cache.path(), "-j4", "-q"}).code == 0);
  auto warm = run_in(sc, {"build", "--cache-dir", cache.path(), "-j4", "--format", "json"});
  REQUIRE(warm.code == 0);
  auto ta = test::read_tree(sa + "/dist");
  CHECK(ta == test::read_tree(sb + "/dist"));
  CHECK(ta == test::read_tree(sc + "/dist"));
  auto j = nlohmann::json::parse(warm.out);
  // The warm build on a fresh copy wrote every sidecar, and compressed nothing itself.
  const auto& counts = j["build"]["compress"]["counts"];
  CHECK(counts["sidecarsWritten"].get<int>() > 0);
  CHECK(counts["filesFromCache"] == counts["compressed"]);
  REQUIRE(run_in(sa, {"build", "--no-cache", "-q"}).code == 0);
  CHECK(test::read_tree(sa + "/dist") == ta);
}

TEST_CASE("kiln build stops before changing anything when an early phase fails", "[build]") {
  SECTION("a reference to a missing file") {
    test::TempDir tmp;
    std::string site = copy_site(tmp, "shop");
    test::write_file(site + "/dist/index.html",
                     test::read_file(site + "/dist/index.html") + "<script src=\"/assets/gone.js\"></script>\n");
    auto before = test::read_tree(site + "/dist");
    auto r = run_in(site, {"build", "--no-cache"});
    CHECK(r.code == 1);
    CHECK(r.err.find("kiln: warning: index.html:23:14: '/assets/gone.js' does not exist (looked for assets/gone.js)") !=
          std::string::npos);
    CHECK(r.err.find("kiln: error: build stopped: 1 references point to files that do not exist (warnings above); "
                     "nothing was changed.") != std::string::npos);
    CHECK(test::read_tree(site + "/dist") == before);
  }
  SECTION("an unknown key in kiln.json") {
    test::TempDir tmp;
    std::string site = copy_site(tmp, "vite");
    test::write_file(site + "/kiln.json", "{ \"dir\": \"dist\", \"hash\": { \"sir\": true }, \"compres\": {} }\n");
    auto before = test::read_tree(site + "/dist");
    auto r = run_in(site, {"build"});
    CHECK(r.code == 2);
    CHECK(r.err ==
          "kiln: error: kiln.json: hash.sir: unknown key (did you mean \"sri\"?)\n"
          "kiln: error: kiln.json: compres: unknown key (did you mean \"compress\"?)\n");
    CHECK(test::read_tree(site + "/dist") == before);
  }
  SECTION("a bad value names its JSON path") {
    test::TempDir tmp;
    std::string site = copy_site(tmp, "vite");
    test::write_file(site + "/kiln.json", "{ \"dir\": \"dist\", \"compress\": { \"brotliQuality\": 12 } }\n");
    auto r = run_in(site, {"build"});
    CHECK(r.code == 2);
    CHECK(r.err == "kiln: error: kiln.json: compress.brotliQuality: expected an integer from 0 to 11, got 12\n");
  }
  SECTION("a bad pattern is an error, never a silent fallback to the default") {
    test::TempDir tmp;
    std::string site = copy_site(tmp, "vite");
    test::write_file(site + "/kiln.json", "{ \"dir\": \"dist\", \"hash\": { \"namePattern\": \"[name][ext]\" } }\n");
    auto before = test::read_tree(site + "/dist");
    auto r = run_in(site, {"build"});
    CHECK(r.code == 2);
    CHECK(r.err == "kiln: error: kiln.json: hash: the name pattern must contain [hash], got '[name][ext]'\n");
    CHECK(test::read_tree(site + "/dist") == before);
  }
}

TEST_CASE("kiln build reads each file from the disk once in all its phases", "[build]") {
  // The shop fixture with every job on: scan + parse, images, a second parse, hashing,
  // precache injection, manifests, compression and the final measure all read the files.
  fs::MemoryDisk mem;
  std::string root = std::string(KILN_FIXTURES) + "/build/shop";
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string rel = std::filesystem::relative(e.path(), root).generic_string();
    mem.put(rel, std::string(std::istreambuf_iterator<char>(in), {}));
  }
  const auto inputs = mem.files();  // files kiln writes may be looked for before they exist
  auto cfg = config::parse_config(mem.contents("kiln.json"), "kiln.json");
  REQUIRE(cfg);
  fs::ReadOnceDisk disk(mem);
  cache::ContentCache cache(disk, "");  // no cache: every phase does its work
  Diagnostics diags;
  Perf perf;
  pipeline::BuildRun run{"dist", 2, false, false, false, {}};
  auto result = pipeline::run_build(disk, *cfg, run, cache, diags, perf);
  REQUIRE_FALSE(result.stopped);
  REQUIRE(result.plan);
  CHECK(result.applied.removed > 0);  // files were renamed

  size_t files = 0;
  for (const auto& [path, data] : inputs) {
    INFO(path);
    CHECK(mem.reads_of(path) <= 1);
    files += mem.reads_of(path);
  }
  CHECK(files > 10);  // the pages, scripts, styles and images were read (once)

  SECTION("without it the same build reads files again") {
    fs::MemoryDisk again;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
      if (e.is_regular_file()) {
        std::ifstream in(e.path(), std::ios::binary);
        again.put(std::filesystem::relative(e.path(), root).generic_string(),
                  std::string(std::istreambuf_iterator<char>(in), {}));
      }
    cache::ContentCache none(again, "");
    Diagnostics d2;
    pipeline::run_build(again, *cfg, run, none, d2, perf);
    size_t most = 0;
    for (const auto& [path, data] : inputs) most = std::max(most, again.reads_of(path));
    CHECK(most > 1);
  }
}

TEST_CASE("build: --format html is the page with the build's JSON report, budgets included", "[build][html]") {
  test::TempDir tmp;
  std::string site = copy_site(tmp, "shop");
  auto json_run = run_in(site, {"build", "dist", "--no-cache", "-n", "--format", "json"});
  auto html_run = run_in(site, {"build", "dist", "--no-cache", "-n", "--format", "html"});
  REQUIRE(html_run.code == json_run.code);
  const std::string& page = html_run.out;
  CHECK(page.find("<title>kiln build dist</title>") != std::string::npos);
  const std::string open = "<script type=\"application/json\" id=\"kiln-report\">";
  size_t b = page.find(open);
  REQUIRE(b != std::string::npos);
  b += open.size();
  auto embedded = nlohmann::json::parse(page.substr(b, page.find("</script>", b) - b));
  CHECK(embedded == nlohmann::json::parse(json_run.out));
  CHECK(embedded["budgets"].size() == 2);
}

TEST_CASE("build: its own JSON report is a baseline; a -c config of any name may carry comments", "[build]") {
  test::TempDir tmp;
  std::string site = copy_site(tmp, "shop");
  auto first = run_in(site, {"build", "dist", "--no-cache", "-n", "--format", "json"});
  REQUIRE(first.code == 0);
  test::write_file(site + "/base.json", first.out);
  auto again = run_in(site, {"build", "dist", "--no-cache", "-n", "--baseline", "base.json", "--format", "json"});
  CHECK(again.code == 0);
  CHECK(again.err.empty());
  CHECK(nlohmann::json::parse(again.out)["comparison"].is_object());

  std::string config = test::read_file(site + "/kiln.json");
  test::write_file(site + "/other.json", "// the shop's config under another name\n" + config);
  auto named = run_in(site, {"build", "dist", "--no-cache", "-n", "-c", "other.json", "--format", "json"});
  CHECK(named.err.empty());
  CHECK(named.code == 0);
  CHECK(nlohmann::json::parse(named.out)["budgets"].size() == 2);
}

TEST_CASE("init: the config names the folder relative to itself, and kiln build reads it back", "[build][init]") {
  test::TempDir tmp;
  std::string site = copy_site(tmp, "shop");
  std::filesystem::remove(site + "/kiln.json");
  auto here = run_in(site, {"init", "dist", "--no-cache"});
  CHECK(here.code == 0);
  std::string config = test::read_file(site + "/kiln.json");
  CHECK(config.find("\n  \"dir\": \"dist\",\n") != std::string::npos);
  std::filesystem::create_directory(site + "/config");
  auto nested = run_in(site, {"init", "dist", "--no-cache", "--to", "config/kiln.json"});
  CHECK(nested.code == 0);
  CHECK(test::read_file(site + "/config/kiln.json").find("\n  \"dir\": \"../dist\",\n") != std::string::npos);
  auto built = run_in(site, {"build", "-c", "config/kiln.json", "--no-cache", "-n", "--format", "json"});
  CHECK(built.err.empty());
  CHECK(built.code == 0);
  CHECK(nlohmann::json::parse(built.out)["entries"][0]["path"] == "index.html");
}

TEST_CASE("build: an entry kiln.json names that does not exist is named as kiln.json's", "[build]") {
  test::TempDir tmp;
  std::string site = copy_site(tmp, "shop");
  auto config = nlohmann::json::parse(test::read_file(site + "/kiln.json"), nullptr, true, true);
  config["entries"] = {"assets/nope.js"};
  test::write_file(site + "/kiln.json", config.dump());
  auto r = run_in(site, {"build", "dist", "--no-cache", "-q"});
  CHECK(r.code == 3);  // as for any input that cannot be processed
  CHECK(r.err.find("kiln: error: assets/nope.js: kiln.json entries: no such file in the folder\n") != std::string::npos);
  CHECK(r.err.find("build stopped: errors above (an entry that does not exist); nothing was changed") !=
        std::string::npos);
}
