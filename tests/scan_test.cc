// scan/: sorted FileIds, kinds, globs, and what it skips.
#include <catch2/catch.hpp>

#include "fs/memory_disk.h"
#include "scan/scanner.h"

using namespace kiln;

TEST_CASE("scan lists files sorted with ids and kinds", "[scan]") {
  fs::MemoryDisk disk;
  disk.put("dist/index.html", "");
  disk.put("dist/assets/index-4f2a9c1b.js", "");
  disk.put("dist/assets/style.css", "");
  disk.put("dist/assets/logo.svg", "");
  disk.put("dist/assets/index-4f2a9c1b.js.map", "");
  disk.put("dist/fonts/a.woff2", "");
  disk.put("dist/manifest.webmanifest", "");
  disk.put("dist/assets/.style.css.kiln-tmp-12-0", "");  // a temp file of an interrupted run
  Diagnostics diags;
  auto r = scan::scan_tree(disk, "dist", {}, diags);
  REQUIRE(r.ok());
  std::vector<std::string> paths;
  for (size_t i = 0; i < r->files.size(); ++i) {
    CHECK(r->files[i].id == i);
    paths.push_back(r->files[i].path + " " + scan::kind_name(r->files[i].kind));
  }
  CHECK(paths == std::vector<std::string>{
                     "assets/index-4f2a9c1b.js script",
                     "assets/index-4f2a9c1b.js.map sourcemap",
                     "assets/logo.svg image",
                     "assets/style.css stylesheet",
                     "fonts/a.woff2 font",
                     "index.html document",
                     "manifest.webmanifest manifest",
                 });
  CHECK(diags.sorted().empty());
}

TEST_CASE("scan include and exclude globs", "[scan]") {
  fs::MemoryDisk disk;
  disk.put("d/a.js", "");
  disk.put("d/b.css", "");
  disk.put("d/node_modules/x/y.js", "");
  Diagnostics diags;
  auto r = scan::scan_tree(disk, "d", {{"**/*.js"}, {"node_modules"}}, diags);
  REQUIRE(r.ok());
  REQUIRE(r->files.size() == 1);
  CHECK(r->files[0].path == "a.js");
  CHECK(r->skipped_by_glob == 2);
}

TEST_CASE("scan of a missing folder is an error naming it", "[scan]") {
  fs::MemoryDisk disk;
  Diagnostics diags;
  auto r = scan::scan_tree(disk, "nope", {}, diags);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == "cannot open folder nope: No such file or directory");
}
