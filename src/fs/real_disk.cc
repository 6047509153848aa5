#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "fs/disk.h"

namespace kiln::fs {

namespace {

std::string errno_text(int err) { return std::strerror(err); }

// In-flight temp files, kept where a signal handler can unlink them (async-signal-safe:
// fixed arrays, atomics and unlink only).
constexpr int kSlots = 256;
constexpr size_t kPathMax = 4096;
char g_temp_paths[kSlots][kPathMax];
std::atomic<bool> g_temp_used[kSlots];

int register_temp(const std::string& path) {
  if (path.size() >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (g_temp_used[i].compare_exchange_strong(expected, true)) {
      std::memcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
      std::atomic_signal_fence(std::memory_order_seq_cst);
      return i;
    }
  }
  return -1;
}

void release_temp(int slot) {
  if (slot >= 0) g_temp_used[slot].store(false);
}

extern "C" void on_interrupt(int sig) {
  for (int i = 0; i < kSlots; ++i)
    if (g_temp_used[i].load()) unlink(g_temp_paths[i]);
  std::signal(sig, SIG_DFL);
  raise(sig);
}

std::atomic<uint64_t> g_temp_counter{0};

}  // namespace

void install_interrupt_cleanup() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_interrupt);
}

std::string join_path(std::string_view dir, std::string_view name) {
  if (dir.empty() || dir == ".") return std::string(name);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += name;
  return out;
}

Result<std::vector<DirEntry>> RealDisk::list_dir(const std::string& path) {
  DIR* dir = opendir(path.c_str());
  if (!dir) return Error{"cannot open folder: " + errno_text(errno)};
  std::vector<DirEntry> entries;
  while (dirent* ent = readdir(dir)) {
    std::string name = ent->d_name;
    if (name == "." || name == "..") continue;
    EntryType type = EntryType::other;
    unsigned char dt = ent->d_type;
    if (dt == DT_UNKNOWN) {
      struct stat st{};
      if (lstat(join_path(path, name).c_str(), &st) == 0) {
        if (S_ISREG(st.st_mode)) dt = DT_REG;
        else if (S_ISDIR(st.st_mode)) dt = DT_DIR;
        else if (S_ISLNK(st.st_mode)) dt = DT_LNK;
      }
    }
    if (dt == DT_REG) type = EntryType::file;
    else if (dt == DT_DIR) type = EntryType::directory;
    else if (dt == DT_LNK) type = EntryType::symlink;
    entries.push_back({std::move(name), type});
  }
  closedir(dir);
  return entries;
}

Result<FileStat> RealDisk::stat(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return Error{errno_text(errno)};
  FileStat out;
  out.type = S_ISREG(st.st_mode) ? EntryType::file
             : S_ISDIR(st.st_mode) ? EntryType::directory
                                   : EntryType::other;
  out.size = static_cast<uint64_t>(st.st_size);
  out.device = static_cast<uint64_t>(st.st_dev);
  out.inode = static_cast<uint64_t>(st.st_ino);
  return out;
}

Result<std::string> RealDisk::read_file(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"cannot read: " + errno_text(errno)};
  struct stat st{};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Error{"cannot read: not a regular file"};
  }
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (true) {
    if (got == data.size()) data.resize(data.size() + 65536);  // the file may have grown
    ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      close(fd);
      return Error{"cannot read: " + errno_text(err)};
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  close(fd);
  data.resize(got);
  return data;
}

Status RealDisk::write_file(const std::string& path, std::string_view data) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temp = dir + "." + base + std::string(kTempMarker) + std::to_string(getpid()) +
                     "-" + std::to_string(g_temp_counter.fetch_add(1));
  int slot = register_temp(temp);
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    int err = errno;
    release_temp(slot);
    return Error{"cannot write: " + errno_text(err)};
  }
  auto fail = [&](int err) {
    close(fd);
    unlink(temp.c_str());
    release_temp(slot);
    return Status(Error{"cannot write: " + errno_text(err)});
  };
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(errno);
    }
    done += static_cast<size_t>(n);
  }
  if (close(fd) != 0) {
    int err = errno;
    unlink(temp.c_str());
    release_temp(slot);
    return Error{"cannot write: " + errno_text(err)};
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    unlink(temp.c_str());
    release_temp(slot);
    return Error{"cannot write: " + errno_text(err)};
  }
  release_temp(slot);
  return Status::success();
}

Status RealDisk::remove_file(const std::string& path) {
  if (unlink(path.c_str()) != 0 && errno != ENOENT) return Error{"cannot remove: " + errno_text(errno)};
  return Status::success();
}

Status RealDisk::rename_file(const std::string& from, const std::string& to) {
  if (rename(from.c_str(), to.c_str()) != 0) return Error{"cannot rename: " + errno_text(errno)};
  return Status::success();
}

Result<std::string> RealDisk::real_path(const std::string& path) {
  char* resolved = realpath(path.c_str(), nullptr);
  if (!resolved) return Error{errno_text(errno)};
  std::string out = resolved;
  free(resolved);
  return out;
}

Status RealDisk::make_dirs(const std::string& path) {
  std::string cur;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    cur = path.substr(0, slash);
    if (!cur.empty() && mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST)
      return Error{"cannot create folder " + cur + ": " + errno_text(errno)};
    start = slash + 1;
  }
  return Status::success();
}

}  // namespace kiln::fs
