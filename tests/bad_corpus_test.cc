// The bad-input corpus (fixtures/bad/): one folder per case, each run end to end by the kiln
// binary. A case is fixtures/bad/site (a page, a script, a stylesheet and a picture, with
// kiln.json turning images on) overlaid with the case's own files, plus what its `expect`
// file asks to generate at test time (big, deep or oddly named inputs git should not hold).
// `expect` holds:
//   # a comment saying what the case is
//   run: build dist -q        the arguments (the default); `--cache-dir cache` is added
//   generate: NAME            a generator below
//   user: nobody              run as uid 65534 (files made unreadable are unreadable to it)
//   exit: 3                   the exit code
//   unchanged: dist/x.png     this entry is as it was (bytes, or type for special files)
//   unchanged: *              nothing in the case's folder changed at all
//   processed                 the site's own files were still hashed, compressed, converted
//   peak-mb: 200              the run's peak resident memory stays below this (not checked in
//                             sanitizer builds, whose shadow memory and quarantine inflate it)
//   kiln: error: …            the exact messages, in order: every `kiln: ` line on stderr
// UPDATE_GOLDENS=1 rewrites the `exit:` and `kiln: ` lines from what the run printed.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>

#include <zlib.h>

#include "test_util.h"

using namespace kiln;
namespace stdfs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

std::string page(const std::string& head) {
  return "<!doctype html>\n<html><head>\n" + head + "\n</head><body></body></html>\n";
}

void chown_tree(const std::string& root, uid_t uid) {
  lchown(root.c_str(), uid, uid);
  std::error_code ec;
  for (auto it = stdfs::recursive_directory_iterator(root, stdfs::directory_options::skip_permission_denied, ec);
       !ec && it != stdfs::recursive_directory_iterator(); it.increment(ec))
    lchown(it->path().c_str(), uid, uid);
}

// Generators: each makes its inputs inside the case's folder `d`; false when this machine
// cannot (a device file needs root), and the case is skipped with a warning.
using Generator = std::function<bool(const std::string& d)>;

const std::map<std::string, Generator>& generators() {
  static const std::map<std::string, Generator> g{
      {"js-nested-100000", [](const std::string& d) {
         test::write_file(d + "/dist/deep.js", "import './app.js';\n" + repeat("[{(", 33334));
         test::write_file(d + "/dist/page.html", page("<script type=\"module\" src=\"deep.js\"></script>"));
         return true;
       }},
      {"js-one-line-8-mb", [](const std::string& d) {
         std::string js = "import './app.js';";
         for (int i = 0; js.size() < (8u << 20); ++i) {
           std::string n = std::to_string(i);
           js += "function f" + n + "(a,b){return a*" + n + "+b.length};var v" + n + "=[" + n + ",\"s" + n +
                 "\",{k:f" + n + "(1,\"x\")}];";
         }
         test::write_file(d + "/dist/big.js", js + "\n");
         test::write_file(d + "/dist/page.html", page("<script type=\"module\" src=\"big.js\"></script>"));
         return true;
       }},
      {"css-nested-100000", [](const std::string& d) {
         test::write_file(d + "/dist/deep.css", "@import 'style.css';\n" + repeat(".a{", 50000) + repeat("[", 50000));
         test::write_file(d + "/dist/page.html", page("<link rel=\"stylesheet\" href=\"deep.css\">"));
         return true;
       }},
      {"json-nested-100000", [](const std::string& d) {
         test::write_file(d + "/dist/site.webmanifest", repeat("[", 100000));
         test::write_file(d + "/dist/page.html", page("<link rel=\"manifest\" href=\"site.webmanifest\">"));
         return true;
       }},
      {"kiln-json-nested-100000", [](const std::string& d) {
         test::write_file(d + "/kiln.json", "{ \"dir\": \"dist\", \"budget\": " + repeat("[", 100000) + " }\n");
         return true;
       }},
      {"html-nested-100000", [](const std::string& d) {
         test::write_file(d + "/dist/deep.html", "<!doctype html><script type=module src=app.js></script>\n" +
                                                     repeat("<div>", 100000));
         return true;
       }},
      {"html-million-attributes", [](const std::string& d) {
         std::string attrs;
         for (int i = 0; i < 1000000; ++i) attrs += " a" + std::to_string(i) + "=1";
         test::write_file(d + "/dist/attrs.html", "<!doctype html>\n<div" + attrs +
                                                      ">\n<script type=\"module\" src=\"app.js\"></script>\n");
         return true;
       }},
      {"png-decompression-bomb", [](const std::string& d) {
         // 20000x20000 grey pixels, all zero: 400 MB raw, 400 kB deflated.
         const uint32_t side = 20000;
         std::string raw(size_t(side + 1) * side, '\0');
         uLongf size = compressBound(raw.size());
         std::string idat(size, '\0');
         if (compress2(reinterpret_cast<Bytef*>(idat.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
                       raw.size(), 9) != Z_OK)
           return false;
         idat.resize(size);
         auto be32 = [](uint32_t v) {
           return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
         };
         auto chunk = [&](const std::string& type, const std::string& data) {
           std::string td = type + data;
           return be32(uint32_t(data.size())) + td +
                  be32(uint32_t(crc32(0, reinterpret_cast<const Bytef*>(td.data()), uInt(td.size()))));
         };
         std::string ihdr = be32(side) + be32(side) + std::string{8, 0, 0, 0, 0};
         test::write_file(d + "/dist/bomb.png",
                          "\x89PNG\r\n\x1a\n" + chunk("IHDR", ihdr) + chunk("IDAT", idat) + chunk("IEND", ""));
         return true;
       }},
      {"symlink-outside", [](const std::string& d) {
         stdfs::create_symlink("../outside.js", d + "/dist/linked.js");
         return true;
       }},
      {"empty-folder", [](const std::string& d) {
         stdfs::remove_all(d + "/dist");
         stdfs::create_directory(d + "/dist");
         return true;
       }},
      {"no-pages", [](const std::string& d) {
         stdfs::remove(d + "/dist/index.html");
         return true;
       }},
      {"sparse-1-gb", [](const std::string& d) {
         int fd = ::open((d + "/dist/huge.bin").c_str(), O_WRONLY | O_CREAT, 0644);
         bool ok = fd >= 0 && ftruncate(fd, 1LL << 30) == 0;
         if (fd >= 0) close(fd);
         return ok;
       }},
      {"fifo", [](const std::string& d) { return mkfifo((d + "/dist/pipe.js").c_str(), 0644) == 0; }},
      {"device-file", [](const std::string& d) {
         return mknod((d + "/dist/null.js").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0;
       }},
      {"symlink-loop", [](const std::string& d) {
         stdfs::create_symlink("b.js", d + "/dist/a.js");
         stdfs::create_symlink("a.js", d + "/dist/b.js");
         stdfs::create_symlink("self.js", d + "/dist/self.js");
         return true;
       }},
      {"symlink-folder-loop", [](const std::string& d) {
         stdfs::create_directories(d + "/dist/sub");
         stdfs::create_directory_symlink("..", d + "/dist/sub/up");
         return true;
       }},
      {"symlink-dangling", [](const std::string& d) {
         stdfs::create_symlink("nowhere.js", d + "/dist/dangling.js");
         return true;
       }},
      {"unreadable-file", [](const std::string& d) {
         chmod((d + "/dist/secret.js").c_str(), 0);
         return true;
       }},
      {"unreadable-folder", [](const std::string& d) {
         chmod((d + "/dist/locked").c_str(), 0);
         return true;
       }},
      {"name-newline", [](const std::string& d) {
         test::write_file(d + "/dist/new\nline.css", "body{}\n");
         return true;
       }},
      {"name-invalid-utf8", [](const std::string& d) {
         test::write_file(d + "/dist/caf\xe9.css", "body{}\n");
         test::write_file(d + "/dist/d\xff/x.css", "body{}\n");
         return true;
       }},
      {"name-control", [](const std::string& d) {
         test::write_file(d + "/dist/tab\there.css", "body{}\n");
         test::write_file(d + "/dist/bell\x07.css", "body{}\n");
         test::write_file(d + "/dist/del\x7f.css", "body{}\n");
         return true;
       }},
      {"name-header-injection", [](const std::string& d) {
         test::write_file(d + "/dist/evil.js\nAccess-Control-Allow-Origin: *", "export const e = 1;\n");
         return true;
       }},
      {"name-punctuation", [](const std::string& d) {
         for (const char* n : {"a b.css", "it's.css", "q\"uote.css", "h#sh.css", "q?.css", "pct%20.css", "pct%.css"})
           test::write_file(d + "/dist/" + n, std::string("/* ") + n + " */ body{}\n");
         return true;
       }},
  };
  return g;
}

struct Expect {
  std::vector<std::string> args{"build", "dist", "-q"};
  std::string generate, user;
  int exit = 0;
  std::vector<std::string> unchanged;
  bool processed = false;
  uint64_t peak_mb = 0;
  std::vector<std::string> messages;
};

// A path as messages print it (\n, \t, \xNN) back to its bytes.
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
    } else if (s[i + 1] == 'n') {
      out += '\n', ++i;
    } else if (s[i + 1] == 't') {
      out += '\t', ++i;
    } else if (s[i + 1] == 'x' && i + 3 < s.size()) {
      out += char(std::stoi(s.substr(i + 2, 2), nullptr, 16)), i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

Expect read_expect(const std::string& path) {
  Expect e;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    auto value = [&](size_t n) { return line.substr(n); };
    if (line.rfind("run: ", 0) == 0) {
      e.args.clear();
      std::istringstream words(value(5));
      for (std::string w; words >> w;) e.args.push_back(w);
    } else if (line.rfind("generate: ", 0) == 0) e.generate = value(10);
    else if (line.rfind("user: ", 0) == 0) e.user = value(6);
    else if (line.rfind("exit: ", 0) == 0) e.exit = std::stoi(value(6));
    else if (line.rfind("unchanged: ", 0) == 0) e.unchanged.push_back(unescape(value(11)));
    else if (line == "processed") e.processed = true;
    else if (line.rfind("peak-mb: ", 0) == 0) e.peak_mb = std::stoull(value(9));
    else if (line.rfind("kiln: ", 0) == 0) e.messages.push_back(line);
    else if (!line.empty() && line[0] != '#') FAIL("unknown line in " << path << ": " << line);
  }
  return e;
}

// Rewrites the `exit:` and `kiln: ` lines of an expect file, keeping everything else.
void update_expect(const std::string& path, int exit, const std::vector<std::string>& messages) {
  std::ifstream in(path);
  std::string out;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("exit: ", 0) != 0 && line.rfind("kiln: ", 0) != 0) out += line + "\n";
  out += "exit: " + std::to_string(exit) + "\n";
  for (const auto& m : messages) out += m + "\n";
  std::ofstream(path, std::ios::binary) << out;
}

// What an entry is, without following links or opening anything that could block.
struct Entry {
  char type = '?';  // f file, d folder, l link, o other
  uint64_t size = 0;
  uint64_t hash = 0;  // FNV-1a of a file's bytes, of a link's target
  bool operator==(const Entry&) const = default;
};

uint64_t fnv(std::string_view bytes, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

Entry entry_of(const std::string& path) {
  Entry e;
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return e;
  e.size = static_cast<uint64_t>(st.st_size);
  if (S_ISLNK(st.st_mode)) {
    e.type = 'l';
    e.hash = fnv(stdfs::read_symlink(path).string());
  } else if (S_ISDIR(st.st_mode)) {
    e.type = 'd';
  } else if (S_ISREG(st.st_mode)) {
    e.type = 'f';
    // Big generated files are compared by size: reading 1 GB twice proves nothing more.
    if (e.size <= (64u << 20)) e.hash = fnv(test::read_file(path));
  } else {
    e.type = 'o';
  }
  return e;
}

std::map<std::string, Entry> snapshot(const std::string& root) {
  std::map<std::string, Entry> out;
  std::error_code ec;
  for (auto it = stdfs::recursive_directory_iterator(root, stdfs::directory_options::skip_permission_denied, ec);
       it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::string path = it->path().string();  // not stdfs::relative: it follows links
    out[path.substr(root.size() + 1)] = entry_of(path);
  }
  return out;
}

struct Run {
  int code = -1;  // the exit code, or 128 + the signal
  std::string out, err;
  uint64_t peak_kb = 0;
};

// Runs the kiln binary in `cwd`, as uid 65534 when `nobody`.
Run run_kiln(const std::string& cwd, const std::vector<std::string>& args, bool nobody) {
  std::string out_path = cwd + "/../stdout.txt", err_path = cwd + "/../stderr.txt";
  std::vector<std::string> argv_s{KILN_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    dup2(o, 1);
    dup2(e, 2);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    if (nobody && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(126);
    alarm(600);  // a hang must end the case, not the test run
    execv(argv[0], argv.data());
    _exit(127);
  }
  Run r;
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  r.code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  r.peak_kb = static_cast<uint64_t>(usage.ru_maxrss);
  r.out = test::read_file(out_path);
  r.err = test::read_file(err_path);
  return r;
}

std::vector<std::string> kiln_lines(const std::string& err, const std::string& root) {
  std::vector<std::string> out;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("kiln: ", 0) != 0) continue;
    for (size_t at; (at = line.find(root)) != std::string::npos;) line.replace(at, root.size(), "<case>");
    out.push_back(line);
  }
  return out;
}

bool matches_any(const std::map<std::string, Entry>& tree, const std::string& pattern) {
  std::regex re(pattern);
  for (const auto& item : tree)
    if (std::regex_match(item.first, re)) return true;
  return false;
}

// The site's own files went through every step: hashed, compressed, converted, referenced.
void check_processed(const std::string& dist, const std::map<std::string, Entry>& after) {
  for (const char* gone : {"app.js", "style.css", "logo.png"}) {
    INFO("the site's " << gone << " was not renamed");
    CHECK_FALSE(after.count(std::string("dist/") + gone));
  }
  for (const char* p : {"dist/app-[0-9a-f]{8}\\.js", "dist/app-[0-9a-f]{8}\\.js\\.br", "dist/app-[0-9a-f]{8}\\.js\\.gz",
                        "dist/style-[0-9a-f]{8}\\.css\\.br", "dist/logo-[0-9a-f]{8}\\.png", "dist/logo-[0-9a-f]{8}\\.webp",
                        "dist/manifest\\.json", "dist/_headers"}) {
    INFO("no file matches " << p);
    CHECK(matches_any(after, p));
  }
  std::string index = test::read_file(dist + "/index.html");
  CHECK(std::regex_search(index, std::regex("src=\"app-[0-9a-f]{8}\\.js\"")));
}

}  // namespace

TEST_CASE("bad-input corpus: every case in fixtures/bad, end to end", "[bad][corpus]") {
  std::string corpus = std::string(KILN_FIXTURES) + "/bad";
  bool update = std::getenv("UPDATE_GOLDENS") != nullptr;
  std::vector<std::string> cases;
  for (auto& e : stdfs::directory_iterator(corpus))
    if (e.is_directory() && e.path().filename() != "site") cases.push_back(e.path().filename().string());
  std::sort(cases.begin(), cases.end());
  CHECK(cases.size() >= 60);
  for (const auto& name : cases) {
    DYNAMIC_SECTION(name) {
      std::string dir = corpus + "/" + name;
      REQUIRE(test::exists(dir + "/expect"));
      Expect expect = read_expect(dir + "/expect");
      test::TempDir tmp;
      std::string root = tmp / "case";
      stdfs::copy(corpus + "/site", root, stdfs::copy_options::recursive);
      stdfs::copy(dir, root, stdfs::copy_options::recursive | stdfs::copy_options::overwrite_existing);
      stdfs::remove(root + "/expect");
      if (!expect.generate.empty()) {
        REQUIRE(generators().count(expect.generate));
        if (!generators().at(expect.generate)(root)) {
          WARN("skipped: this machine cannot make " << expect.generate);
          continue;
        }
      }
      bool nobody = expect.user == "nobody";
      if (nobody && geteuid() != 0) {
        WARN("skipped: only root can run a case as another user");
        continue;
      }
      if (nobody) chown_tree(tmp.path(), 65534);
      auto before = snapshot(root);
      std::vector<std::string> args = expect.args;
      args.insert(args.end(), {"--cache-dir", tmp / "cache"});
      Run r = run_kiln(root, args, nobody);
      auto messages = kiln_lines(r.err, root);
      INFO("stderr:\n" << r.err);
      if (update) update_expect(dir + "/expect", r.code, messages);
      CHECK(r.code == expect.exit);
      CHECK(messages == expect.messages);
      auto after = snapshot(root);
      for (const auto& path : expect.unchanged) {
        INFO("changed: " << path);
        if (path == "*") {
          CHECK(after == before);
        } else {
          REQUIRE(before.count(path));
          CHECK(after.count(path));
          if (after.count(path)) CHECK(after.at(path) == before.at(path));
        }
      }
      if (expect.processed) check_processed(root + "/dist", after);
      if (expect.peak_mb && !kSanitized) {
        INFO("peak memory " << r.peak_kb / 1024 << " MB");
        CHECK(r.peak_kb / 1024 < expect.peak_mb);
      }
      // Nothing a run leaves behind: no temp file anywhere in the case's folder.
      for (const auto& item : after) CHECK(item.first.find(".kiln-tmp-") == std::string::npos);
      chmod((root + "/dist/locked").c_str(), 0755);  // so that the temp folder can be removed
    }
  }
}
