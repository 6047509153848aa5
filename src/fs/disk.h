// The disk behind a small interface, so phases can be tested in memory and tests can assert
// which files were read and written. Paths are absolute or relative to the process's working
// directory, '/'-separated.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiln::fs {

enum class EntryType { file, directory, symlink, other };

struct DirEntry {
  std::string name;
  EntryType type = EntryType::other;  // symlinks are reported as symlink, not followed
};

struct FileStat {
  EntryType type = EntryType::other;  // after following symlinks
  uint64_t size = 0;
  uint64_t device = 0;  // (device, inode) identify a directory for loop detection
  uint64_t inode = 0;
};

class Disk {
 public:
  virtual ~Disk() = default;
  virtual Result<std::vector<DirEntry>> list_dir(const std::string& path) = 0;
  // Follows symlinks.
  virtual Result<FileStat> stat(const std::string& path) = 0;
  virtual Result<std::string> read_file(const std::string& path) = 0;
  // Publishes `data` at `path` atomically: written to a temp file in the same folder, then
  // renamed over `path`. On failure nothing is left behind and `path` is unchanged.
  virtual Status write_file(const std::string& path, std::string_view data) = 0;
  // Removing a file that does not exist is not an error.
  virtual Status remove_file(const std::string& path) = 0;
  virtual Status make_dirs(const std::string& path) = 0;
  // Moves a file over `to` in one step (rename(2): atomic within a folder tree of one file
  // system).
  virtual Status rename_file(const std::string& from, const std::string& to) = 0;
  // The path with every symbolic link resolved (absolute on a real disk). A disk without
  // links returns `path` unchanged.
  virtual Result<std::string> real_path(const std::string& path) { return path; }
};

// The real file system.
class RealDisk final : public Disk {
 public:
  Result<std::vector<DirEntry>> list_dir(const std::string& path) override;
  Result<FileStat> stat(const std::string& path) override;
  Result<std::string> read_file(const std::string& path) override;
  Status write_file(const std::string& path, std::string_view data) override;
  Status remove_file(const std::string& path) override;
  Status make_dirs(const std::string& path) override;
  Status rename_file(const std::string& from, const std::string& to) override;
  Result<std::string> real_path(const std::string& path) override;
};

// Suffix of kiln's temp files: `.name.kiln-tmp-PID-N`. The scanner skips them.
inline constexpr std::string_view kTempMarker = ".kiln-tmp-";

// Removes kiln's in-flight temp files and re-raises on SIGINT/SIGTERM/SIGHUP, so an
// interrupted run leaves no partial output. Call once from main.
void install_interrupt_cleanup();

std::string join_path(std::string_view dir, std::string_view name);

}  // namespace kiln::fs
