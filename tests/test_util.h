// Small helpers shared by the tests: a temporary folder on the real disk, file I/O, and a
// way to run the CLI in-process with its output captured.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace kiln::test {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kiln-test-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

inline void write_file(const std::string& path, const std::string& data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << data;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool exists(const std::string& path) { return std::filesystem::exists(path); }

// Every regular file below `root`: relative path -> contents.
inline std::map<std::string, std::string> read_tree(const std::string& root) {
  std::map<std::string, std::string> out;
  for (auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file())
      out[std::filesystem::relative(e.path(), root).string()] = read_file(e.path().string());
  return out;
}

struct RunResult {
  int code;
  std::string out, err;
};

inline RunResult run_cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

// Text that compresses well, `n` bytes, deterministic.
inline std::string text_of_size(size_t n, unsigned seed = 1) {
  std::string s;
  unsigned x = seed;
  static const char* words[] = {"function ", "return ", "const ", "value", "=>", "{", "}", ";\n",
                                "import ", "export ", "default ", "this.", "state", "(", ")"};
  while (s.size() < n) {
    x = x * 1103515245u + 12345u;
    s += words[(x >> 16) % 15];
  }
  s.resize(n);
  return s;
}

// Bytes that do not compress, `n` bytes, deterministic.
inline std::string noise_of_size(size_t n, unsigned seed = 7) {
  std::string s(n, '\0');
  unsigned long long x = seed;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x & 0xff);
  }
  return s;
}

}  // namespace kiln::test
