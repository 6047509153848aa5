// Never outside DIR: symbolic links inside DIR that point outside it, and references that
// climb out of it (`../../x`, `/x` under --base, `%2e%2e/`), must leave every byte outside
// DIR as it was, for every command that writes (hash, compress, images, precache, build).
#include <catch2/catch.hpp>
#include <filesystem>

#include "test_util.h"

using namespace kiln;

namespace {

// A folder `outside/` beside `dist/` holding a script, a stylesheet and a picture, and
// `dist/` with a page naming them through a folder link and a file link.
struct OutsideSite {
  test::TempDir tmp;
  std::string dist = tmp / "dist";
  std::string outside = tmp / "outside";

  OutsideSite() {
    test::write_file(outside + "/inner.js", "export const inner = 1;\n" + test::text_of_size(2000));
    test::write_file(outside + "/inner.css", "body { color: red }\n" + test::text_of_size(2000));
    std::filesystem::copy_file(std::string(KILN_FIXTURES) + "/build/shop/dist/assets/paper.png",
                               outside + "/pic.png");
    test::write_file(dist + "/index.html",
                     "<!doctype html><link rel=stylesheet href=\"o/inner.css\">"
                     "<script type=module src=\"o/inner.js\"></script>"
                     "<script type=module src=\"linked.js\"></script><img src=\"o/pic.png\">"
                     "<script type=module src=\"app.js\"></script>\n");
    test::write_file(dist + "/app.js", "import './dep.js';\n" + test::text_of_size(2000));
    test::write_file(dist + "/dep.js", "export const dep = 2;\n" + test::text_of_size(2000));
    std::filesystem::create_directory_symlink(outside, dist + "/o");
    std::filesystem::create_symlink(outside + "/inner.js", dist + "/linked.js");
  }
};

}  // namespace

TEST_CASE("a link inside DIR to a folder or file outside it is reported once and left alone", "[outside]") {
  for (const char* cmd : {"hash", "compress", "images", "precache", "build"}) {
    OutsideSite s;
    auto before = test::read_tree(s.outside);
    std::vector<std::string> args{cmd, s.dist, "--no-cache"};
    if (std::string(cmd) == "compress") args.insert(args.end(), {"--threshold", "0"});
    if (std::string(cmd) == "precache") args.insert(args.end(), {"-o", s.tmp / "list.json"});
    auto r = test::run_cli(args);
    INFO(cmd << "\n" << r.out << r.err);
    CHECK(test::read_tree(s.outside) == before);
    CHECK(r.err.find("o: symbolic link to a folder outside") != std::string::npos);
    CHECK(r.err.find("linked.js: symbolic link to a file outside") != std::string::npos);
    CHECK(std::filesystem::is_symlink(s.dist + "/o"));
    CHECK(std::filesystem::is_symlink(s.dist + "/linked.js"));
    // Files inside DIR are still processed.
    if (std::string(cmd) == "hash") CHECK_FALSE(test::exists(s.dist + "/dep.js"));
    if (std::string(cmd) == "compress") CHECK(test::exists(s.dist + "/dep.js.gz"));
  }
}

TEST_CASE("kiln build --follow-symlinks processes what the links name", "[outside]") {
  OutsideSite s;
  auto r = test::run_cli({"compress", s.dist, "--no-cache", "--threshold", "0", "--follow-symlinks"});
  INFO(r.out << r.err);
  CHECK(test::exists(s.outside + "/inner.js.gz"));
}

TEST_CASE("a link that stays inside DIR is followed as before", "[outside]") {
  test::TempDir tmp;
  std::string dist = tmp / "dist";
  test::write_file(dist + "/real/a.js", test::text_of_size(3000));
  std::filesystem::create_directory_symlink("real", dist + "/alias");
  auto r = test::run_cli({"compress", dist, "--no-cache", "--threshold", "0"});
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK(r.err.find("outside") == std::string::npos);
  CHECK(test::exists(dist + "/real/a.js.gz"));
}

TEST_CASE("references that climb out of DIR name nothing outside it", "[outside]") {
  test::TempDir tmp;
  std::string dist = tmp / "site/dist";
  test::write_file(tmp / "site/secret.js", "export const secret = 1;\n");
  test::write_file(tmp / "secret.js", "export const secret = 1;\n");
  std::string page =
      "<!doctype html><script type=module src=\"../secret.js\"></script>"
      "<script type=module src=\"../../secret.js\"></script>"
      "<script type=module src=\"/secret.js\"></script>"
      "<script type=module src=\"/etc/passwd\"></script>"
      "<script type=module src=\"%2e%2e/secret.js\"></script>"
      "<script type=module src=\"%2E%2E%2Fsecret.js\"></script>"
      "<script type=module src=\"..%2f..%2fsecret.js\"></script>"
      "<script type=module src=\"/app/../secret.js\"></script>"
      "<script type=module src=\"/app/main.js\"></script>\n";
  test::write_file(dist + "/index.html", page);
  test::write_file(dist + "/main.js", "import '../secret.js';\nimport '/secret.js';\n" + test::text_of_size(500));
  auto before = test::read_tree(tmp.path());
  auto r = test::run_cli({"hash", dist, "--base", "/app/", "--no-cache"});
  INFO(r.out << r.err);
  auto after = test::read_tree(tmp.path());
  CHECK(after.at("secret.js") == before.at("secret.js"));
  CHECK(after.at("site/secret.js") == before.at("site/secret.js"));
  CHECK(after.size() >= before.size());
  for (const auto& [path, data] : after) CHECK(path.find("secret-") == std::string::npos);
  // main.js was renamed and the page's reference to it rewritten; the rest stays as written.
  CHECK_FALSE(test::exists(dist + "/main.js"));
  std::string rewritten = test::read_file(dist + "/index.html");
  for (const char* kept : {"../secret.js", "../../secret.js", "\"/secret.js\"", "/etc/passwd", "%2e%2e/secret.js",
                           "..%2f..%2fsecret.js", "/app/../secret.js"})
    CHECK(rewritten.find(kept) != std::string::npos);
}
