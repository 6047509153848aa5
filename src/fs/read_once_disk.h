// A Disk over another that reads each file's bytes from it once: `kiln build` scans and
// parses the folder before images, after images and after hashing, and compresses and
// measures the final bytes, so without it every phase would read the files again. Later
// reads are answered from memory; writes and removals go through and update what is
// remembered, so a read always returns what the last write put there. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "fs/disk.h"

namespace kiln::fs {

class ReadOnceDisk final : public Disk {
 public:
  // Remembers at most `budget_bytes` of contents; files read after that are read each time.
  explicit ReadOnceDisk(Disk& inner, uint64_t budget_bytes = uint64_t(1) << 30)
      : inner_(inner), budget_(budget_bytes) {}

  Result<std::vector<DirEntry>> list_dir(const std::string& path) override { return inner_.list_dir(path); }
  Result<FileStat> stat(const std::string& path) override { return inner_.stat(path); }
  Result<std::string> read_file(const std::string& path) override;
  Status write_file(const std::string& path, std::string_view data) override;
  Status remove_file(const std::string& path) override;
  Status make_dirs(const std::string& path) override { return inner_.make_dirs(path); }
  Result<std::string> real_path(const std::string& path) override { return inner_.real_path(path); }
  Status rename_file(const std::string& from, const std::string& to) override;

 private:
  void remember(const std::string& path, std::string_view data);  // mu_ held
  void forget(const std::string& path);                           // mu_ held

  Disk& inner_;
  const uint64_t budget_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> files_;
  uint64_t held_ = 0;
};

}  // namespace kiln::fs
