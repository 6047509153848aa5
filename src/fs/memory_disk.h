// An in-memory Disk for tests: files and folders in a map, reads and writes counted, and
// failures injectable per path (a file that cannot be read, a folder that cannot be listed).
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "fs/disk.h"

namespace kiln::fs {

class MemoryDisk final : public Disk {
 public:
  void put(const std::string& path, std::string data);
  void fail_reads_of(const std::string& path) { failing_reads_.insert(path); }
  void fail_writes_of(const std::string& path) { failing_writes_.insert(path); }
  bool exists(const std::string& path) const;
  std::string contents(const std::string& path) const;
  std::map<std::string, std::string> files() const;
  size_t reads() const { return reads_; }
  size_t reads_of(const std::string& path) const;
  size_t writes() const { return writes_; }
  size_t removes() const { return removes_; }

  Result<std::vector<DirEntry>> list_dir(const std::string& path) override;
  Result<FileStat> stat(const std::string& path) override;
  Result<std::string> read_file(const std::string& path) override;
  Status write_file(const std::string& path, std::string_view data) override;
  Status remove_file(const std::string& path) override;
  Status make_dirs(const std::string& path) override;
  Status rename_file(const std::string& from, const std::string& to) override;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> files_;
  std::set<std::string> dirs_;
  std::set<std::string> failing_reads_, failing_writes_;
  size_t reads_ = 0, writes_ = 0, removes_ = 0;
  std::map<std::string, size_t> reads_by_path_;
};

}  // namespace kiln::fs
