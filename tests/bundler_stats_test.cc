// Bundler stats readers on files webpack 5.113 and esbuild 0.28 wrote for a tiny app
// (fixtures/stats/build.cjs: src/index.js imports tiny-fmt and, lazily, src/page.js, which
// imports tiny-date, which imports tiny-fmt).
#include <catch2/catch.hpp>
#include <sstream>

#include "sourcemap/bundler_stats.h"
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
