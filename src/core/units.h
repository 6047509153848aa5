// Byte counts for people and from people. kiln prints decimal units with the unit named
// ("12.3 kB" = 12,300 bytes), as Lighthouse, size-limit and Vite's summary do.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kiln {

std::string format_bytes(uint64_t bytes);   // "812 B", "12.3 kB", "4.56 MB"
std::string format_percent(double ratio);   // 0.2534 -> "25.3%"
std::string with_thousands(uint64_t n);     // 1234567 -> "1,234,567"

// "1024", "10 kB", "1.5MB", "2 KiB", "3 MiB" -> bytes. kB/MB are decimal, KiB/MiB binary.
Result<uint64_t> parse_bytes(std::string_view text);

}  // namespace kiln
