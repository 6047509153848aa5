// Bundler stats readers on files webpack 5.113 and esbuild 0.28 wrote for a tiny app
// (fixtures/stats/build.cjs: src/index.js imports tiny-fmt and, lazily, src/page.js, which
// imports tiny-date, which imports tiny-fmt).
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sourcemap/bundler_stats.h"
#include "sourcemap/stats_link.h"
#include "test_util.h"

using namespace kiln;
using namespace kiln::sourcemap;

namespace {

const StatsOutput* output(const BundlerStats& s, std::string_view file) {
  for (const auto& o : s.outputs)
    if (o.file == file) return &o;
  return nullptr;
}

std::map<std::string, uint64_t> bytes_by_path(const BundlerStats& s, const StatsOutput& o) {
  std::map<std::string, uint64_t> out;
  for (const auto& [m, n] : o.modules) out[s.modules[m].path] = n;
  return out;
}

std::string fixture(const std::string& name) { return std::string(KILN_FIXTURES) + "/stats/" + name; }

}  // namespace

TEST_CASE("webpack stats.json: modules per output file, concatenated modules, reasons", "[stats][webpack]") {
  auto s = read_stats_file(fixture("webpack-stats.json"));
  REQUIRE(s.ok());
  CHECK(s->kind == StatsKind::webpack);
  CHECK_FALSE(s->exact());
  const auto* main = output(*s, "main.js");
  const auto* lazy = output(*s, "468.chunk.js");
  REQUIRE(main);
  REQUIRE(lazy);
  auto m = bytes_by_path(*s, *main);
  CHECK(m["src/index.js"] == 111);
  CHECK(m["node_modules/tiny-fmt/index.js"] == 59);
  CHECK(m["webpack/runtime/jsonp chunk loading"] == 3051);
  // "./src/page.js + 1 modules" is counted as its two inner modules.
  CHECK(bytes_by_path(*s, *lazy) == std::map<std::string, uint64_t>{{"node_modules/tiny-date/lib/index.js", 115},
                                                                     {"src/page.js", 88}});
  CHECK(import_chain(*s, "tiny-date") == std::vector<std::string>{"src/page.js", "node_modules/tiny-date/lib/index.js"});
  CHECK(import_chain(*s, "tiny-fmt") == std::vector<std::string>{"src/index.js", "node_modules/tiny-fmt/index.js"});
  CHECK(import_chain(*s, "absent").empty());
  for (const auto& mod : s->modules)
    if (mod.path == "node_modules/tiny-date/lib/index.js") CHECK(mod.package == "tiny-date");
}

TEST_CASE("webpack stats: chunk module lists, child compilations, streamed errors", "[stats][webpack]") {
  // No top-level list: the chunks' own lists are used; children are read too.
  std::istringstream only_chunks(R"({"chunks":[{"id":1,"files":["a.js","a.js.map"],"modules":[
      {"name":"./node_modules/@s/p/x.js","size":40,"reasons":[{"moduleName":"./src/a.js"}]},
      {"name":"./src/a.js","size":10}]}],
    "children":[{"chunks":[{"id":1,"files":["w.js"]}],"modules":[{"name":"./src/w.js","size":5,"chunks":[1]}]}]})");
  auto s = read_webpack_stats(only_chunks);
  REQUIRE(s.ok());
  REQUIRE(s->outputs.size() == 2);
  CHECK(bytes_by_path(*s, *output(*s, "a.js")) ==
        std::map<std::string, uint64_t>{{"node_modules/@s/p/x.js", 40}, {"src/a.js", 10}});
  CHECK(bytes_by_path(*s, *output(*s, "w.js")) == std::map<std::string, uint64_t>{{"src/w.js", 5}});
  CHECK(import_chain(*s, "@s/p") == std::vector<std::string>{"src/a.js", "node_modules/@s/p/x.js"});
  // Two app modules import the package: the first path wins, unless the page prefers the other.
  std::istringstream two(R"({"modules":[{"name":"./node_modules/p/i.js","size":1,"chunks":[0],
      "reasons":[{"moduleName":"./src/a.js"},{"moduleName":"./src/b.js"}]},
    {"name":"./src/a.js","size":1,"chunks":[1]},{"name":"./src/b.js","size":1,"chunks":[0]}],
    "chunks":[{"id":0,"files":["main.js"]},{"id":1,"files":["lazy.js"]}]})");
  auto t = read_webpack_stats(two);
  REQUIRE(t.ok());
  REQUIRE(t->modules.size() == 3);  // node_modules/p/i.js, src/a.js, src/b.js
  CHECK(import_chain(*t, "p") == std::vector<std::string>{"src/a.js", "node_modules/p/i.js"});
  CHECK(import_chain(*t, "p", {0, 0, 1}) == std::vector<std::string>{"src/b.js", "node_modules/p/i.js"});
  std::istringstream bad(R"({"modules":[{"name":"x",)");
  auto e = read_webpack_stats(bad);
  REQUIRE_FALSE(e.ok());
  CHECK_THAT(e.error(), Catch::Contains("invalid JSON at byte"));
}

TEST_CASE("esbuild metafile: bytesInOutput per output, imports", "[stats][esbuild]") {
  auto s = read_stats_file(fixture("esbuild-meta.json"));
  REQUIRE(s.ok());
  CHECK(s->kind == StatsKind::esbuild);
  CHECK(s->exact());
  const auto* entry = output(*s, "esb/index.js");
  REQUIRE(entry);
  CHECK(bytes_by_path(*s, *entry) == std::map<std::string, uint64_t>{{"src/index.js", 78}});
  CHECK(import_chain(*s, "tiny-date") == std::vector<std::string>{"src/page.js", "node_modules/tiny-date/lib/index.js"});
  CHECK_FALSE(read_esbuild_metafile(R"({"modules":[]})").ok());
  CHECK(is_stats_file_name("stats.json"));
  CHECK(is_stats_file_name("app.meta.json"));
  CHECK_FALSE(is_stats_file_name("manifest.json"));
}

TEST_CASE("stats outputs name files of DIR, also from the bundler's working folder", "[stats][link]") {
  std::vector<scan::FileEntry> files;
  for (const char* p : {"a.js", "assets/x.js", "assets/x.js.map", "build/meta.json", "stats.json"})
    files.push_back({static_cast<scan::FileId>(files.size()), p, 1, scan::FileKind::other});
  files[2].kind = scan::FileKind::sourcemap;
  CHECK(file_of_output(files, "assets/x.js") == 1);
  CHECK(file_of_output(files, "dist/assets/x.js") == 1);
  CHECK(file_of_output(files, "../out/dist/a.js") == 0);
  CHECK(file_of_output(files, "./a.js") == 0);
  CHECK(file_of_output(files, "other/b.js") == kNoFile);
  CHECK(stats_files_in(files) == std::vector<std::string>{"build/meta.json", "stats.json"});
}

namespace {

test::RunResult analyze_fixture(std::vector<std::string> extra) {
  std::string cwd = std::filesystem::current_path().string();
  std::filesystem::current_path(std::string(KILN_FIXTURES) + "/analyze/esbuild-stats");
  std::vector<std::string> args{"analyze", "dist", "--no-cache", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = test::run_cli(args);
  std::filesystem::current_path(cwd);
  return r;
}

nlohmann::json reason(const nlohmann::json& report, const std::string& package) {
  for (const auto& p : report["why"][0]["packages"])
    if (p["package"] == package) return p;
  return {};
}

}  // namespace

TEST_CASE("analyze reads the esbuild metafile in DIR: why each package is there, maps checked", "[stats][analyze]") {
  // src/index.js imports tiny-fmt and, lazily, src/page.js, which imports tiny-date.
  auto r = analyze_fixture({});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["bundlerStats"].size() == 1);
  const auto& s = j["bundlerStats"][0];
  CHECK(s["path"] == "meta.json");
  CHECK(s["format"] == "esbuild-metafile");
  CHECK(s["outputs"].size() == 3);  // "dist/index.js" is dist's index.js
  CHECK(s["unmatched"].empty());
  REQUIRE(s["check"].size() == 3);
  for (const auto& c : s["check"]) {
    INFO(c.dump());
    CHECK(c["agree"] == true);
  }
  auto fmt = reason(j, "tiny-fmt"), date = reason(j, "tiny-date");
  CHECK(fmt["load"] == "initial");
  CHECK(fmt["via"] == nlohmann::json({"index.html", "index.js", "chunk-GCIIHGRN.js"}));
  CHECK(fmt["importChain"] == nlohmann::json({"src/index.js", "node_modules/tiny-fmt/index.js"}));
  CHECK(date["load"] == "lazy");
  CHECK(date["via"] == nlohmann::json({"index.html", "index.js", "chunk-426QAPV2.js"}));
  CHECK(date["importChain"] == nlohmann::json({"src/page.js", "node_modules/tiny-date/lib/index.js"}));
  CHECK(date["importChainFrom"] == "meta.json");

  // --no-stats: the maps still say where each package is, not who imports it.
  auto none = nlohmann::json::parse(analyze_fixture({"--no-stats"}).out);
  CHECK_FALSE(none.contains("bundlerStats"));
  CHECK(reason(none, "tiny-date")["via"] == date["via"]);
  CHECK_FALSE(reason(none, "tiny-date").contains("importChain"));

  // --stats FILE replaces the search; a file that cannot be read is an error naming it.
  auto missing = analyze_fixture({"--stats", "absent-stats.json"});
  CHECK(missing.code == 3);
  CHECK_THAT(missing.err, Catch::Contains("absent-stats.json: cannot read bundler stats: cannot open"));
  CHECK_FALSE(nlohmann::json::parse(missing.out).contains("bundlerStats"));
}

TEST_CASE("stats files found in DIR: a broken one is a warning, a site's own meta.json is skipped", "[stats][analyze]") {
  test::TempDir t;
  test::write_file(t / "dist/index.html", "<!doctype html><script src=a.js></script>\n");
  test::write_file(t / "dist/a.js", "console.log(1);\n");
  test::write_file(t / "dist/meta.json", R"({"title": "my site", "lang": "en"})");
  test::write_file(t / "dist/stats.json", R"({"modules": [)");
  auto r = test::run_cli({"analyze", t / "dist", "--no-cache", "--format", "json"});
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("stats.json: not read as bundler stats: invalid JSON at byte"));
  CHECK_FALSE(nlohmann::json::parse(r.out).contains("bundlerStats"));
  // Given with --stats, the same file is an error.
  auto given = test::run_cli({"analyze", t / "dist", "--no-cache", "--format", "json", "--stats", t / "dist/stats.json"});
  CHECK(given.code == 3);
}
