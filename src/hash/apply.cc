#include "hash/apply.h"

#include <vector>

namespace kiln::hash {

namespace {
constexpr const char* kSidecars[] = {".br", ".gz", ".zst"};
}

bool apply_plan(fs::Disk& disk, const std::string& root, const HashPlan& plan, ApplyStats& stats,
                Diagnostics& diags) {
  std::vector<std::string> written;  // new names, removed again if a later write fails
  auto rollback = [&] {
    for (const auto& p : written) (void)disk.remove_file(fs::join_path(root, p));
    return false;
  };
  // Renamed files first, then rewritten ones in place: a page is only rewritten once every
  // file it will name exists.
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& f : plan.files) {
      bool write = pass == 0 ? f.renamed : (!f.renamed && f.content_changed);
      if (!write) continue;
      if (auto s = disk.write_file(fs::join_path(root, f.new_path), f.content); !s) {
        diags.error(f.new_path, s.error());
        return rollback();
      }
      if (f.renamed) written.push_back(f.new_path);
      ++stats.written;
      if (!f.renamed) continue;
      for (const char* ext : kSidecars) {
        std::string old_sidecar = fs::join_path(root, f.old_path + ext);
        auto st = disk.stat(old_sidecar);
        if (!st || st->type != fs::EntryType::file) continue;
        if (!f.content_changed) {
          auto bytes = disk.read_file(old_sidecar);
          if (bytes && disk.write_file(fs::join_path(root, f.new_path + ext), *bytes)) {
            written.push_back(f.new_path + ext);
            ++stats.sidecars_moved;
          }
        } else {
          ++stats.sidecars_removed;
        }
      }
    }
  }
  // Everything new is in place: the old names (and their sidecars) can go.
  for (const auto& f : plan.files) {
    if (!f.renamed) {
      if (f.content_changed)
        for (const char* ext : kSidecars) {
          std::string sidecar = fs::join_path(root, f.old_path + ext);
          if (auto st = disk.stat(sidecar); st && st->type == fs::EntryType::file) {
            (void)disk.remove_file(sidecar);
            ++stats.sidecars_removed;
          }
        }
      continue;
    }
    if (auto s = disk.remove_file(fs::join_path(root, f.old_path)); !s) diags.error(f.old_path, s.error());
    else ++stats.removed;
    for (const char* ext : kSidecars) (void)disk.remove_file(fs::join_path(root, f.old_path + ext));
  }
  return true;
}

}  // namespace kiln::hash
