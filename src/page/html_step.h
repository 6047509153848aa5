// `kiln build`'s html step: the page fixes (page/page_fixes.h) on every HTML page of the
// folder, each page written atomically when it changed; warnings for the scripts and
// stylesheets pages load first (unminified, @font-face without font-display); and the checks that need the final,
// measured folder (public source maps, a page's initial JavaScript over 500 kB brotli when no
// budget is set). Runs before hashing, so the hrefs it adds are renamed with everything else.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/analysis.h"
#include "core/diagnostics.h"
#include "fs/disk.h"
#include "page/page_fixes.h"

namespace kiln::page {

struct HtmlStepResult {
  uint64_t pages = 0, changed = 0, sized = 0, lazy = 0, high = 0, preloads = 0, fonts = 0, warnings = 0;
};

HtmlStepResult fix_pages(fs::Disk& disk, const std::string& dir, const pipeline::Analysis& a, const PageOptions& options,
                         const std::string& base, bool dry_run, Diagnostics& diags);

// The seeds' and Vite's figure for a page's initial JavaScript, when the project set no budget.
inline constexpr uint64_t kInitialScriptHint = 500'000;

// Warnings on the final folder; returns how many.
uint64_t final_warnings(const pipeline::Analysis& a, bool has_budget, Diagnostics& diags);

}  // namespace kiln::page
