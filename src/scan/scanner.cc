#include "scan/scanner.h"

#include "core/file_name.h"

#include <algorithm>
#include <set>
#include <utility>

namespace kiln::scan {

namespace {

using kiln::unsafe_name_reason;

struct Walker {
  fs::Disk& disk;
  const std::string& root;
  GlobSet include, exclude;
  Diagnostics& diags;
  ScanResult result;
  std::vector<std::pair<uint64_t, uint64_t>> stack;  // (device, inode) of folders being walked
  bool follow_outside = false;
  std::string root_real;  // the root with its links resolved; empty when unknown

  // True when the link at `child` resolves to a place inside the root (or when that cannot
  // be known, e.g. on a disk without links).
  bool inside_root(const std::string& child, std::string& target) {
    if (follow_outside || root_real.empty()) return true;
    auto real = disk.real_path(fs::join_path(root, child));
    if (!real) return true;  // broken: reported by the stat below
    target = *real;
    return target == root_real || (target.size() > root_real.size() && target.compare(0, root_real.size(), root_real) == 0 &&
                                    (root_real == "/" || target[root_real.size()] == '/'));
  }

  void walk(const std::string& rel) {
    std::string abs = rel.empty() ? root : fs::join_path(root, rel);
    auto entries = disk.list_dir(abs);
    if (!entries) {
      diags.error(rel.empty() ? "." : rel, entries.error());
      ++result.unreadable_folders;
      return;
    }
    for (auto& e : *entries) {
      std::string child = rel.empty() ? e.name : rel + "/" + e.name;
      if (e.name.find(fs::kTempMarker) != std::string::npos) continue;  // a run's temp file
      if (auto why = unsafe_name_reason(e.name)) {
        diags.warning(printable_name(child), *why + "; left alone");
        continue;
      }
      if (!exclude.empty() && exclude.matches(child)) {
        ++result.skipped_by_glob;
        continue;
      }
      fs::EntryType type = e.type;
      fs::FileStat st;
      if (type == fs::EntryType::symlink || type == fs::EntryType::directory ||
          type == fs::EntryType::other) {
        auto s = disk.stat(fs::join_path(root, child));
        if (!s) {
          diags.warning(child, e.type == fs::EntryType::symlink
                                   ? "broken symbolic link: " + s.error()
                                   : "cannot stat: " + s.error());
          continue;
        }
        st = *s;
        type = st.type;
        std::string target;
        if (e.type == fs::EntryType::symlink && !inside_root(child, target)) {
          diags.warning(child, std::string("symbolic link to a ") + (type == fs::EntryType::directory ? "folder" : "file") +
                                   " outside the folder (" + target +
                                   "); left alone (--follow-symlinks to process it)");
          continue;
        }
      }
      if (type == fs::EntryType::other) {  // reading a FIFO would block; a device never ends
        diags.warning(child, "not a regular file or folder (a FIFO, socket or device file); left alone");
        continue;
      }
      if (type == fs::EntryType::directory) {
        std::pair id{st.device, st.inode};
        if (std::find(stack.begin(), stack.end(), id) != stack.end()) {
          diags.warning(child, "symbolic link loop: points back to a folder above it; not followed");
          continue;
        }
        stack.push_back(id);
        walk(child);
        stack.pop_back();
      } else if (type == fs::EntryType::file) {
        if (!include.empty() && !include.matches(child)) {
          ++result.skipped_by_glob;
          continue;
        }
        uint64_t size = st.size;
        if (e.type == fs::EntryType::file) {
          auto s = disk.stat(fs::join_path(root, child));
          if (!s) {
            diags.warning(child, "vanished during the scan: " + s.error());
            continue;
          }
          size = s->size;
        }
        result.files.push_back({0, child, size, kind_from_path(child)});
      }
    }
  }
};

}  // namespace

Result<ScanResult> scan_tree(fs::Disk& disk, const std::string& root, const ScanOptions& options,
                             Diagnostics& diags) {
  auto st = disk.stat(root);
  if (!st) return Error{"cannot open folder " + root + ": " + st.error()};
  if (st->type != fs::EntryType::directory) return Error{root + " is not a folder"};
  Walker w{disk, root, GlobSet(options.include), GlobSet(options.exclude), diags, {}, {}, options.follow_symlinks, {}};
  if (auto real = disk.real_path(root)) w.root_real = *real;
  w.stack.emplace_back(st->device, st->inode);
  w.walk("");
  auto& files = w.result.files;
  std::sort(files.begin(), files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  for (size_t i = 0; i < files.size(); ++i) files[i].id = static_cast<FileId>(i);
  return std::move(w.result);
}

std::optional<FileId> find_file(const std::vector<FileEntry>& files, std::string_view path) {
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const FileEntry& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return std::nullopt;
  return it->id;
}

}  // namespace kiln::scan
