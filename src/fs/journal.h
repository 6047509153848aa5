// Renames and removals that must all happen or none: the hash step's new names, rewritten
// pages and removed old names. Every new file is first written in full to a staged temp file
// beside its final name; then the journal (the list of moves and removals) is written
// atomically into the folder; then the moves (rename(2), one step each) and removals are
// made and the journal deleted. A run killed before the journal exists leaves only staged
// temp files, which the next run removes: the folder is the old one. A run killed after it
// is completed by the next run before anything else: the folder becomes the new one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"
#include "fs/disk.h"

namespace kiln::fs {

inline constexpr std::string_view kJournalName = ".kiln-tmp-journal";

struct Journal {
  struct Move {
    std::string from, to;  // relative to the root; `from` is a staged file
  };
  std::vector<Move> moves;
  std::vector<std::string> removals;  // relative to the root; missing files are fine
};

// Where to stage the new bytes of `path` (relative to the root): `.name.kiln-tmp-PID-sN`
// beside it, a name the scanner skips and recover_folder() removes once the run is gone.
std::string staging_path(const std::string& path);

// Writes the journal, makes its moves and removals, deletes it. Errors go to `diags`; returns
// false when a move failed (the removals are then not made).
bool commit(Disk& disk, const std::string& root, const Journal& journal, Diagnostics& diags);

struct Recovery {
  size_t moves_completed = 0;
  size_t temps_removed = 0;
};

// At the start of a run that writes into `root`: completes a journal left by a killed run
// (unless that run is still going), then removes the temp files of kiln runs no longer
// running. Each is said in a note. Nothing is done with `dry_run`; a pending journal is then
// a warning.
Recovery recover_folder(Disk& disk, const std::string& root, bool dry_run, Diagnostics& diags);

}  // namespace kiln::fs
