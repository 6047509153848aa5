#include "scan/scanner.h"

#include <algorithm>
#include <set>
#include <utility>

namespace kiln::scan {

namespace {

struct Walker {
  fs::Disk& disk;
  const std::string& root;
  GlobSet include, exclude;
  Diagnostics& diags;
  ScanResult result;
  std::vector<std::pair<uint64_t, uint64_t>> stack;  // (device, inode) of folders being walked

  void walk(const std::string& rel) {
    std::string abs = rel.empty() ? root : fs::join_path(root, rel);
    auto entries = disk.list_dir(abs);
    if (!entries) {
      diags.error(rel.empty() ? "." : rel, entries.error());
      return;
    }
    for (auto& e : *entries) {
      std::string child = rel.empty() ? e.name : rel + "/" + e.name;
      if (e.name.find(fs::kTempMarker) != std::string::npos) continue;  // a run's temp file
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
  Walker w{disk, root, GlobSet(options.include), GlobSet(options.exclude), diags, {}, {}};
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
