// Size strings as each budget format reads them. The formats disagree on what "kB" means,
// so each has its own parser (sources in reports/budget-formats.md):
//   kiln          core parse_bytes: kB/KB/MB decimal (1000), KiB/MiB binary (1024)
//   size-limit    its bytes.js: /^(\d+(\.\d+)?) *([kmgtpezy]?i?b)?$/i, decimal unless "i"
//                 ("KiB"), rounded down; "10 kB" = 10000, "10 KB" = 10000, "10 KiB" = 10240
//   bundlesize,   the `bytes` npm package: /^(\d+(\.\d+)?) *(kb|mb|gb|tb|pb)$/i is binary
//   bundlewatch   (1024) whatever the case ("10kB" = 10240), else parseInt ("500b" = 500)
//   Lighthouse    a JSON number of KiB: budget * 1024
#pragma once

#include <cstdint>
#include <string_view>

#include "budget/rule.h"
#include "core/result.h"

namespace kiln::budget {

Result<uint64_t> parse_size_limit_bytes(std::string_view text);
Result<uint64_t> parse_npm_bytes(std::string_view text);
// kiln's limits: absolute ("170 kB", "1.5 MB", "2 KiB", bytes) or relative to the
// baseline ("+5%", "+10 kB").
Result<Limit> parse_kiln_limit(std::string_view text);

}  // namespace kiln::budget
