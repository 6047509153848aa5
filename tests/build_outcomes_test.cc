// kiln build when part of the input is bad or absent: one image that cannot be converted
// leaves every other step done (exit 3, the image named); an empty folder and a folder
// without pages are said as such and nothing surprising is written.
#include <catch2/catch.hpp>
#include <filesystem>

#include "test_util.h"

using namespace kiln;

namespace {

std::string copy_shop(const test::TempDir& tmp) {
  std::string dest = tmp / "shop";
  std::filesystem::copy(std::string(KILN_FIXTURES) + "/build/shop", dest, std::filesystem::copy_options::recursive);
  return dest;
}

bool any_with_suffix(const std::string& root, const std::string& suffix) {
  for (const auto& [path, _] : test::read_tree(root))
    if (path.size() > suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("build: a corrupt image is named, and hashing, manifests and compression still run", "[build][bad]") {
  test::TempDir t;
  std::string site = copy_shop(t);
  std::string png = test::read_file(site + "/dist/assets/paper.png");
  test::write_file(site + "/dist/assets/broken.png", png.substr(0, png.size() / 2));
  auto r = test::run_cli({"build", site + "/dist", "-c", site + "/kiln.json", "--no-cache"});
  INFO(r.out << r.err);
  CHECK(r.code == 3);
  CHECK(r.err.find("kiln: error: assets/broken.png") != std::string::npos);
  CHECK(r.err.find("hashing failed") == std::string::npos);
  CHECK_FALSE(test::exists(site + "/dist/assets/main.js"));  // renamed
  CHECK(test::exists(site + "/dist/manifest.json"));
  CHECK(any_with_suffix(site + "/dist", ".js.br"));
  CHECK(test::exists(site + "/dist/assets/broken.png"));
}

TEST_CASE("build: an empty folder is an error and nothing is written into it", "[build][bad]") {
  test::TempDir t;
  std::filesystem::create_directories(t / "dist");
  auto r = test::run_cli({"build", t / "dist", "--no-cache"});
  CHECK(r.code == 3);
  CHECK(r.err.find("the folder has no files to build") != std::string::npos);
  CHECK(std::filesystem::is_empty(t / "dist"));
}

TEST_CASE("build: a folder without pages renames nothing and says why", "[build][bad]") {
  test::TempDir t;
  std::string dist = t / "dist";
  std::filesystem::create_directories(dist + "/img");
  std::filesystem::copy_file(std::string(KILN_FIXTURES) + "/build/shop/dist/assets/paper.png", dist + "/img/a.png");
  test::write_file(dist + "/s.css", "body { background: url(img/a.png) }\n");
  test::write_file(dist + "/x.js", "console.log(1);\n");
  auto r = test::run_cli({"build", dist, "--no-cache"});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("no HTML pages and no entries") != std::string::npos);
  CHECK(test::exists(dist + "/img/a.png"));
  CHECK(test::read_file(dist + "/s.css") == "body { background: url(img/a.png) }\n");
  CHECK_FALSE(test::exists(dist + "/manifest.json"));
  CHECK_FALSE(test::exists(dist + "/_headers"));
}
