// `kiln graph --fix`: the safe fixes, as knip's --fix makes them. An unused export loses its
// `export` keyword (declarations only: `export const a` -> `const a`; a re-export, an
// `export { a }` list or an anonymous default is left alone), an unused dependency leaves
// its package.json section (with its comma). Files are only ever the scanned ones inside
// DIR; each is written atomically (temp file + rename) and only when it changed.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "fs/disk.h"
#include "source/findings.h"

namespace kiln::source {

struct FileFix {
  std::string path;  // relative to the root
  std::string before, after;
  size_t exports = 0, dependencies = 0;  // what it removes
};

// The fixed text of every file a fix changes, sorted by path. Reads each file once.
std::vector<FileFix> plan_fixes(fs::Disk& disk, const SourceGraph& g, const Findings& f, Diagnostics& diags);
// The changes as a unified diff (--- a/PATH, +++ b/PATH, one hunk per changed line run).
std::string fixes_diff(const std::vector<FileFix>& fixes);
// Writes each fixed file atomically; a failed write is a diagnostic and leaves that file as it was.
size_t apply_fixes(fs::Disk& disk, const std::string& root, const std::vector<FileFix>& fixes, Diagnostics& diags);

}  // namespace kiln::source
