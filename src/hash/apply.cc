#include "hash/apply.h"

#include <vector>

#include "fs/crash_point.h"
#include "fs/journal.h"

namespace kiln::hash {

namespace {
constexpr const char* kSidecars[] = {".br", ".gz", ".zst"};
}

bool apply_plan(fs::Disk& disk, const std::string& root, const HashPlan& plan, ApplyStats& stats,
                Diagnostics& diags, const std::vector<std::pair<std::string, std::string>>& also) {
  fs::Journal journal;
  auto stage = [&](const std::string& final_path, std::string_view bytes) {
    std::string staged = fs::staging_path(final_path);
    if (size_t slash = staged.rfind('/'); slash != std::string::npos) (void)disk.make_dirs(fs::join_path(root, staged.substr(0, slash)));
    if (auto s = disk.write_file(fs::join_path(root, staged), bytes); !s) {
      diags.error(final_path, s.error());
      return false;
    }
    journal.moves.push_back({staged, final_path});
    fs::crash_point();
    return true;
  };
  auto unstage = [&] {
    for (const auto& m : journal.moves) (void)disk.remove_file(fs::join_path(root, m.from));
    return false;
  };
  // Renamed files first, then rewritten ones in place: a page is only rewritten once every
  // file it will name exists. Each is staged in full before anything in the folder changes.
  ApplyStats counted;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& f : plan.files) {
      bool write = pass == 0 ? f.renamed : (!f.renamed && f.content_changed);
      if (!write) continue;
      if (!stage(f.new_path, f.content)) return unstage();
      ++counted.written;
      if (!f.renamed) continue;
      for (const char* ext : kSidecars) {
        std::string old_sidecar = fs::join_path(root, f.old_path + ext);
        auto st = disk.stat(old_sidecar);
        if (!st || st->type != fs::EntryType::file) continue;
        if (!f.content_changed) {
          // A sidecar that cannot be read is not carried over; the compress step makes it again.
          if (auto bytes = disk.read_file(old_sidecar); bytes && stage(f.new_path + ext, *bytes)) ++counted.sidecars_moved;
        } else {
          ++counted.sidecars_removed;
        }
      }
    }
  }
  for (const auto& [path, bytes] : also)
    if (!stage(path, bytes)) return unstage();
  // Once everything new is in place, the old names (and their sidecars) go.
  for (const auto& f : plan.files) {
    if (!f.renamed) {
      if (f.content_changed)
        for (const char* ext : kSidecars) {
          std::string sidecar = f.old_path + ext;
          if (auto st = disk.stat(fs::join_path(root, sidecar)); st && st->type == fs::EntryType::file) {
            journal.removals.push_back(sidecar);
            ++counted.sidecars_removed;
          }
        }
      continue;
    }
    journal.removals.push_back(f.old_path);
    ++counted.removed;
    for (const char* ext : kSidecars) journal.removals.push_back(f.old_path + ext);
  }
  if (journal.moves.empty() && journal.removals.empty()) return true;
  if (!fs::commit(disk, root, journal, diags)) return false;
  stats.written += counted.written;
  stats.removed += counted.removed;
  stats.sidecars_moved += counted.sidecars_moved;
  stats.sidecars_removed += counted.sidecars_removed;
  return true;
}

}  // namespace kiln::hash
