#include "fs/memory_disk.h"

namespace kiln::fs {

namespace {
std::string parent_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}
}  // namespace

void MemoryDisk::put(const std::string& path, std::string data) {
  std::lock_guard lock(mu_);
  files_[path] = std::move(data);
  for (std::string dir = parent_of(path); dir != "." && !dir.empty(); dir = parent_of(dir))
    dirs_.insert(dir);
}

bool MemoryDisk::exists(const std::string& path) const {
  std::lock_guard lock(mu_);
  return files_.count(path) > 0;
}

std::string MemoryDisk::contents(const std::string& path) const {
  std::lock_guard lock(mu_);
  auto it = files_.find(path);
  return it == files_.end() ? std::string() : it->second;
}

std::map<std::string, std::string> MemoryDisk::files() const {
  std::lock_guard lock(mu_);
  return files_;
}

Result<std::vector<DirEntry>> MemoryDisk::list_dir(const std::string& path) {
  std::lock_guard lock(mu_);
  if (path != "." && !dirs_.count(path)) return Error{"cannot open folder: No such file or directory"};
  std::string prefix = path == "." ? "" : path + "/";
  std::set<std::string> seen;
  std::vector<DirEntry> out;
  auto consider = [&](const std::string& full, EntryType type) {
    if (full.compare(0, prefix.size(), prefix) != 0) return;
    std::string rest = full.substr(prefix.size());
    size_t slash = rest.find('/');
    if (slash != std::string::npos) return;
    if (seen.insert(rest).second) out.push_back({rest, type});
  };
  for (const auto& [p, _] : files_) consider(p, EntryType::file);
  for (const auto& d : dirs_) consider(d, EntryType::directory);
  return out;
}

Result<FileStat> MemoryDisk::stat(const std::string& path) {
  std::lock_guard lock(mu_);
  FileStat st;
  if (auto it = files_.find(path); it != files_.end()) {
    st.type = EntryType::file;
    st.size = it->second.size();
    return st;
  }
  if (path == "." || dirs_.count(path)) {
    st.type = EntryType::directory;
    st.inode = std::hash<std::string>{}(path);
    return st;
  }
  return Error{"No such file or directory"};
}

Result<std::string> MemoryDisk::read_file(const std::string& path) {
  std::lock_guard lock(mu_);
  ++reads_;
  ++reads_by_path_[path];
  if (failing_reads_.count(path)) return Error{"cannot read: Permission denied"};
  auto it = files_.find(path);
  if (it == files_.end()) return Error{"cannot read: No such file or directory"};
  return it->second;
}

Status MemoryDisk::write_file(const std::string& path, std::string_view data) {
  std::lock_guard lock(mu_);
  if (failing_writes_.count(path)) return Error{"cannot write: No space left on device"};
  ++writes_;
  files_[path] = std::string(data);
  for (std::string dir = parent_of(path); dir != "." && !dir.empty(); dir = parent_of(dir))
    dirs_.insert(dir);
  return Status::success();
}

Status MemoryDisk::remove_file(const std::string& path) {
  std::lock_guard lock(mu_);
  if (files_.erase(path)) ++removes_;
  return Status::success();
}

Status MemoryDisk::rename_file(const std::string& from, const std::string& to) {
  std::lock_guard lock(mu_);
  if (failing_writes_.count(to)) return Error{"cannot rename: No space left on device"};
  auto it = files_.find(from);
  if (it == files_.end()) return Error{"cannot rename: No such file or directory"};
  ++writes_;
  files_[to] = std::move(it->second);
  files_.erase(from);
  return Status::success();
}

Status MemoryDisk::make_dirs(const std::string& path) {
  std::lock_guard lock(mu_);
  for (std::string dir = path; dir != "." && !dir.empty(); dir = parent_of(dir)) dirs_.insert(dir);
  return Status::success();
}

size_t MemoryDisk::reads_of(const std::string& path) const {
  std::lock_guard lock(mu_);
  auto it = reads_by_path_.find(path);
  return it == reads_by_path_.end() ? 0 : it->second;
}

}  // namespace kiln::fs
