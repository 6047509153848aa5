// `kiln graph --fix` on a copy of fixtures/graph/app/tree: --dry-run prints the diff
// (golden expected.fix.diff) and writes nothing; --fix writes exactly the files of that diff,
// inside DIR only, and a second run has no unused exports or dependencies left to fix.
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>

#include "golden.h"
#include "test_util.h"

using namespace kiln;
namespace stdfs = std::filesystem;

namespace {

// Every file under `root` with its bytes, by relative path.
std::map<std::string, std::string> snapshot(const stdfs::path& root) {
  std::map<std::string, std::string> out;
  for (auto& e : stdfs::recursive_directory_iterator(root))
    if (e.is_regular_file()) out[stdfs::relative(e.path(), root).generic_string()] = test::read_file(e.path().string());
  return out;
}

}  // namespace

TEST_CASE("graph --fix: export keywords and dependencies go, nothing else changes", "[graph]") {
  std::string fixture = std::string(KILN_FIXTURES) + "/graph/app";
  auto base = stdfs::temp_directory_path() / "kiln-graph-fix-test";
  stdfs::remove_all(base);
  auto dir = base / "tree";
  stdfs::create_directories(base);
  stdfs::copy(fixture + "/tree", dir, stdfs::copy_options::recursive);
  test::write_file((base / "outside.ts").string(), "export const outside = 1;\n");
  auto before = snapshot(base);

  auto dry = test::run_cli({"graph", dir.string(), "--no-cache", "--fix", "--dry-run", "-o", (base / "report.txt").string()});
  CHECK(dry.code == 1);
  test::check_golden(fixture + "/expected.fix.diff", dry.err);
  stdfs::remove(base / "report.txt");
  CHECK(snapshot(base) == before);  // a dry run writes nothing

  auto fixed = test::run_cli({"graph", dir.string(), "--no-cache", "--fix", "-q", "-o", (base / "report.txt").string()});
  stdfs::remove(base / "report.txt");
  CHECK(fixed.err.find("12 export keywords and 4 dependencies removed in 9 files, 9 written") != std::string::npos);
  auto after = snapshot(base);
  std::vector<std::string> changed;
  for (auto& [path, bytes] : after)
    if (before[path] != bytes) changed.push_back(path);
  CHECK(changed == std::vector<std::string>{"tree/package.json", "tree/packages/ui/src/button.ts", "tree/src/lib/ab.ts",
                                            "tree/src/lib/default.ts", "tree/src/lib/ns.ts", "tree/src/lib/one.ts",
                                            "tree/src/lib/two.ts", "tree/src/lib/util.ts", "tree/src/react-shim.ts"});
  CHECK(after.size() == before.size());  // no temp file left, none removed
  CHECK(after["tree/src/lib/util.ts"].find("\nconst unusedConst = 2;\nfunction unusedFn() {}\n") != std::string::npos);

  auto again = test::run_cli({"graph", dir.string(), "--no-cache", "--format", "json", "--fix", "--dry-run"});
  CHECK(again.err.find("0 export keywords and 0 dependencies removed in 0 files") != std::string::npos);
  stdfs::remove_all(base);
}

TEST_CASE("graph --fix: a dependency on its own line goes with its line, a last one with the comma before it", "[graph]") {
  auto dir = stdfs::temp_directory_path() / "kiln-graph-fix-deps";
  stdfs::remove_all(dir);
  stdfs::copy(std::string(KILN_FIXTURES) + "/graph/configs/tree", dir, stdfs::copy_options::recursive);
  test::write_file((dir / "packages/lib/package.json").string(),
                   "{\n  \"name\": \"@fixture/lib\",\n  \"main\": \"src/index.js\",\n  \"devDependencies\": {\n"
                   "    \"eslint-import-resolver-webpack\": \"0.13.8\",\n    \"eslint-import-resolver-alias\": \"1.1.2\"\n  }\n}\n");
  auto root_before = test::read_file((dir / "package.json").string());
  auto run = test::run_cli({"graph", dir.string(), "--no-cache", "--fix", "-q", "-o", (dir / "../kiln-graph-fix-deps.txt").string()});
  stdfs::remove(dir / "../kiln-graph-fix-deps.txt");
  CHECK(run.err.find("0 export keywords and 3 dependencies removed in 2 files, 2 written") != std::string::npos);
  CHECK(test::read_file((dir / "packages/lib/package.json").string()) ==
        "{\n  \"name\": \"@fixture/lib\",\n  \"main\": \"src/index.js\",\n  \"devDependencies\": {\n"
        "    \"eslint-import-resolver-webpack\": \"0.13.8\"\n  }\n}\n");
  std::string expected = root_before;
  for (std::string line : {"    \"left-pad\": \"1.3.0\",\n", "    \"@types/shipped\": \"1.0.0\",\n"})
    expected.erase(expected.find(line), line.size());
  CHECK(test::read_file((dir / "package.json").string()) == expected);
  stdfs::remove_all(dir);
}
