// scan: walk a folder once and hand the rest of the pipeline a sorted list of files, each
// with a FileId (its index), its '/'-separated path relative to the root, size and kind.
// Symlinks that stay inside the folder are followed; a link to a file or folder outside it is
// reported (a warning) and left out, so no phase ever reads, renames, rewrites or writes
// beside anything outside DIR, unless `follow_symlinks`. A link back into a folder already
// on the walk is reported, not followed. Unreadable folders are reported and skipped. Names
// that cannot go into a header rule, manifest or JSON report (a control character, invalid
// UTF-8) are refused: a warning each (an error would stop kiln build before it starts), the
// file left alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "core/glob.h"
#include "fs/disk.h"
#include "scan/file_kind.h"

namespace kiln::scan {

using FileId = uint32_t;

struct FileEntry {
  FileId id = 0;
  std::string path;  // relative to the root, '/'-separated, no leading "./"
  uint64_t size = 0;
  FileKind kind = FileKind::other;
};

struct ScanOptions {
  std::vector<std::string> include;  // when non-empty, only files matching one of these
  std::vector<std::string> exclude;  // files and folders matching one of these are skipped
  bool follow_symlinks = false;      // also follow links that lead outside the folder
};

struct ScanResult {
  std::vector<FileEntry> files;  // sorted by path (byte order); files[i].id == i
  uint64_t skipped_by_glob = 0;
  uint64_t unreadable_folders = 0;  // each reported as an error; the walk goes on
};

// Fails (Error) only when `root` itself is not a readable folder; everything below it that
// cannot be read becomes a diagnostic.
Result<ScanResult> scan_tree(fs::Disk& disk, const std::string& root, const ScanOptions& options,
                             Diagnostics& diags);

// The id of the file at `path` in `files` (sorted by path, as scan_tree returns them).
std::optional<FileId> find_file(const std::vector<FileEntry>& files, std::string_view path);

}  // namespace kiln::scan
