#include "fs/read_once_disk.h"

namespace kiln::fs {

Result<std::string> ReadOnceDisk::read_file(const std::string& path) {
  {
    std::lock_guard lock(mu_);
    if (auto it = files_.find(path); it != files_.end()) return std::string(*it->second);
  }
  auto data = inner_.read_file(path);  // outside the lock: other files are read meanwhile
  if (data) {
    std::lock_guard lock(mu_);
    if (!files_.contains(path)) remember(path, *data);
  }
  return data;
}

Status ReadOnceDisk::write_file(const std::string& path, std::string_view data) {
  Status s = inner_.write_file(path, data);
  std::lock_guard lock(mu_);
  forget(path);
  if (s) remember(path, data);  // on failure the file is unchanged, but read it again to be sure
  return s;
}

Status ReadOnceDisk::remove_file(const std::string& path) {
  Status s = inner_.remove_file(path);
  std::lock_guard lock(mu_);
  forget(path);
  return s;
}

Status ReadOnceDisk::rename_file(const std::string& from, const std::string& to) {
  Status s = inner_.rename_file(from, to);
  std::lock_guard lock(mu_);
  std::shared_ptr<const std::string> held;
  if (auto it = files_.find(from); it != files_.end() && s) held = it->second;
  forget(from);
  forget(to);
  if (held) remember(to, *held);
  return s;
}

void ReadOnceDisk::remember(const std::string& path, std::string_view data) {
  if (held_ + data.size() > budget_) return;
  held_ += data.size();
  files_[path] = std::make_shared<const std::string>(data);
}

void ReadOnceDisk::forget(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) return;
  held_ -= it->second->size();
  files_.erase(it);
}

}  // namespace kiln::fs
