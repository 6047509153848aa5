// `kiln analyze --format html` (and `kiln build`'s): one self-contained page (no request leaves it, so it opens
// from disk, from a CI artifact or behind a strict CSP) with the per-entry table, a treemap of
// what each entry ships nested by folder (area by brotli, gzip or raw bytes, colour by
// resource type, lazy files hatched), the largest and the unreferenced files, and the
// warnings. The data is the --format json report itself, embedded as JSON.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace kiln::report {

// The page for `report`: analyze_json's output, or `kiln build`'s (the same fields plus
// "budgets", drawn as a table worst first). `title` follows "kiln " ("analyze dist").
std::string analyze_html(const nlohmann::json& report, const std::string& title);

// JSON text that can sit inside <script>: '<', '>', '&' and U+2028/U+2029 as \u escapes
// (the same JSON value, but no "</script>" or "<!--" can end or alter the element).
std::string script_safe_json(const nlohmann::json& j);

}  // namespace kiln::report
