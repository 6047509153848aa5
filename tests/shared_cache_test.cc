// Two `kiln build`s at once on two copies of a site, sharing one cache, then a build after an
// entry of that cache was damaged on disk: every build gives the same bytes, and the damaged
// entry is counted as a miss (and written again), never used.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>

#include "test_util.h"

extern char** environ;

using namespace kiln;

namespace {

// Starts `kiln build` on the copy `site`, its output in `site`.out; returns the process id.
pid_t start_build(const std::string& site, const std::string& cache) {
  std::vector<std::string> argv_s{KILN_BINARY, "build", site + "/dist", "-c", site + "/kiln.json", "--cache-dir", cache};
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, (site + ".out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string copy_shop(const test::TempDir& tmp, const std::string& name) {
  std::string dest = tmp / name;
  std::filesystem::copy(std::string(KILN_FIXTURES) + "/build/shop", dest, std::filesystem::copy_options::recursive);
  return dest;
}

// "images    1 of 1 images, …; N from the cache": N.
int images_from_cache(const std::string& out) {
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex("\n  images .*; (\\d+) from the cache\n")));
  return std::stoi(m[1]);
}

}  // namespace

TEST_CASE("two builds sharing one cache, and a damaged cache entry: same bytes, the entry a miss", "[crash][cache]") {
  test::TempDir tmp;
  std::string cache = tmp / "cache";
  std::string a = copy_shop(tmp, "a"), b = copy_shop(tmp, "b");
  pid_t pa = start_build(a, cache), pb = start_build(b, cache);  // at the same time, cold cache
  int ca = wait_for(pa), cb = wait_for(pb);
  INFO(test::read_file(a + ".out") << test::read_file(b + ".out"));
  REQUIRE(ca == 0);
  REQUIRE(cb == 0);
  auto expected = test::read_tree(a + "/dist");
  CHECK(test::read_tree(b + "/dist") == expected);

  // Damage the image variant's entry (the only one) and one compressed entry: a flipped byte
  // in one, a cut in the other.
  std::vector<std::string> images, compressed;
  for (auto& e : std::filesystem::recursive_directory_iterator(cache)) {
    if (!e.is_regular_file()) continue;
    std::string p = e.path().string();
    if (p.find("/images/") != std::string::npos) images.push_back(p);
    if (p.find("/compress/") != std::string::npos) compressed.push_back(p);
  }
  REQUIRE(images.size() == 1);
  REQUIRE_FALSE(compressed.empty());
  std::sort(compressed.begin(), compressed.end());
  std::string bytes = test::read_file(images[0]);
  bytes.back() = static_cast<char>(bytes.back() ^ 0x55);
  test::write_file(images[0], bytes);
  std::string cut = test::read_file(compressed[0]);
  test::write_file(compressed[0], cut.substr(0, cut.size() / 2));

  std::string c = copy_shop(tmp, "c");
  REQUIRE(wait_for(start_build(c, cache)) == 0);
  std::string out_c = test::read_file(c + ".out");
  INFO(out_c);
  CHECK(test::read_tree(c + "/dist") == expected);
  CHECK(images_from_cache(out_c) == 0);  // the damaged variant was a miss: converted again

  std::string d = copy_shop(tmp, "d");
  REQUIRE(wait_for(start_build(d, cache)) == 0);
  std::string out_d = test::read_file(d + ".out");
  CHECK(test::read_tree(d + "/dist") == expected);
  CHECK(images_from_cache(out_d) == 1);  // and written again, whole
  CHECK(test::read_file(compressed[0]).size() == cut.size());
}
