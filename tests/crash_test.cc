// kill -9 at any moment: `kiln build` on the shop fixture (images, hash, manifests, precache,
// compress) is killed at every crash point it passes (fs/crash_point.h: each staged file,
// the journal, each rename and removal of the hash step, each phase boundary), by SIGKILL and
// by SIGTERM. After each kill, the site in the folder is whole (a pending journal aside,
// which the next run completes, no page names a file that is gone), and the next
// `kiln build` leaves exactly the bytes of an uninterrupted build and no temp file.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "test_util.h"

extern char** environ;

using namespace kiln;

namespace {

struct Exit {
  bool signaled = false;
  int code = 0;  // the exit code, or the signal
};

// Runs the kiln binary with `env` added to the environment; its output goes to `log`.
Exit run_kiln(const std::vector<std::string>& args, const std::vector<std::string>& env, const std::string& log) {
  std::vector<std::string> argv_s{KILN_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s(env);
  for (char** e = environ; *e; ++e) env_s.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return {true, WTERMSIG(status)};
  return {false, WEXITSTATUS(status)};
}

std::string copy_shop(const test::TempDir& tmp, const std::string& name) {
  std::string dest = tmp / name;
  std::filesystem::copy(std::string(KILN_FIXTURES) + "/build/shop", dest, std::filesystem::copy_options::recursive);
  return dest;
}

std::vector<std::string> temp_files(const std::string& root) {
  std::vector<std::string> out;
  for (auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.path().filename().string().find(".kiln-tmp-") != std::string::npos) out.push_back(e.path().string());
  return out;
}

// References that name no file, per `kiln analyze` (read only: it completes no journal).
int missing_refs(const std::string& dist) {
  auto r = test::run_cli({"analyze", dist, "--no-cache", "-q"});
  int n = 0;
  for (size_t at = 0; (at = r.err.find("' does not exist (looked for", at)) != std::string::npos; ++at) ++n;
  return n;
}

}  // namespace

TEST_CASE("kiln build killed at every crash point: the next build gives the uninterrupted bytes", "[crash]") {
  test::TempDir tmp;
  std::string log = tmp / "log.txt";
  std::string cache = tmp / "cache";
  std::string ref = copy_shop(tmp, "ref");
  int baseline_missing = missing_refs(ref + "/dist");
  Exit clean = run_kiln({"build", ref + "/dist", "-c", ref + "/kiln.json", "--cache-dir", cache, "-q"}, {}, log);
  REQUIRE_FALSE(clean.signaled);
  auto expected = test::read_tree(ref + "/dist");

  int kills = 0;
  for (int point = 1; point < 400; ++point) {
    bool term = point % 4 == 0;  // every fourth point by SIGTERM (what CI cancellation sends)
    std::string site = copy_shop(tmp, "run" + std::to_string(point));
    std::string dist = site + "/dist";
    Exit e = run_kiln({"build", dist, "-c", site + "/kiln.json", "--cache-dir", cache, "-q"},
                      {"KILN_CRASH_AT=" + std::to_string(point), term ? "KILN_CRASH_SIGNAL=TERM" : "KILN_CRASH_SIGNAL=KILL"},
                      log);
    if (!e.signaled) {  // past the last crash point: the run finished
      CHECK(e.code == clean.code);
      CHECK(test::read_tree(dist) == expected);
      break;
    }
    ++kills;
    INFO("killed at crash point " << point << (term ? " (SIGTERM)" : " (SIGKILL)"));
    CHECK(e.code == (term ? SIGTERM : SIGKILL));
    if (!test::exists(dist + "/.kiln-tmp-journal")) CHECK(missing_refs(dist) == baseline_missing);
    Exit again = run_kiln({"build", dist, "-c", site + "/kiln.json", "--cache-dir", cache, "-q"}, {}, log);
    CHECK_FALSE(again.signaled);
    CHECK(again.code == clean.code);
    CHECK(temp_files(dist).empty());
    auto got = test::read_tree(dist);
    if (got != expected) {
      for (const auto& [path, data] : expected)
        if (!got.count(path) || got.at(path) != data) FAIL_CHECK("differs or missing after the re-run: " << path);
      for (const auto& [path, data] : got)
        if (!expected.count(path)) FAIL_CHECK("extra after the re-run: " << path);
    }
    std::filesystem::remove_all(site);
  }
  CHECK(kills >= 20);  // the shop build passes this many crash points; a lost hook would drop it
}

TEST_CASE("kiln build killed at moments spread over its run: the next build gives the uninterrupted bytes", "[crash]") {
  // The crash points above stop at each step kiln knows of; these kills land wherever the
  // clock says (inside an encoder, between two writes). The moments are fractions of one
  // uninterrupted run; nothing is asserted about time.
  test::TempDir tmp;
  std::string log = tmp / "log.txt";
  std::string cache = tmp / "cache";
  std::string ref = copy_shop(tmp, "ref");
  auto start = std::chrono::steady_clock::now();
  Exit clean = run_kiln({"build", ref + "/dist", "-c", ref + "/kiln.json", "--no-cache", "-q"}, {}, log);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(clean.signaled);
  auto expected = test::read_tree(ref + "/dist");
  for (int k = 1; k <= 6; ++k) {
    std::string site = copy_shop(tmp, "t" + std::to_string(k));
    std::string dist = site + "/dist";
    std::vector<std::string> argv_s{KILN_BINARY, "build", dist, "-c", site + "/kiln.json", "--no-cache", "-q"};
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    std::this_thread::sleep_for(took * k / 7);
    kill(pid, k % 3 == 0 ? SIGTERM : SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    INFO("killed at " << k << "/7 of a run");
    Exit again = run_kiln({"build", dist, "-c", site + "/kiln.json", "--no-cache", "-q"}, {}, log);
    CHECK_FALSE(again.signaled);
    CHECK(again.code == clean.code);
    CHECK(temp_files(dist).empty());
    CHECK(test::read_tree(dist) == expected);
    std::filesystem::remove_all(site);
  }
}
