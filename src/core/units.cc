#include "core/units.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

namespace kiln {

std::string format_bytes(uint64_t bytes) {
  char buf[32];
  if (bytes < 1000) {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < 1000 * 1000) {
    std::snprintf(buf, sizeof buf, "%.1f kB", double(bytes) / 1e3);
  } else if (bytes < 1000ull * 1000 * 1000) {
    std::snprintf(buf, sizeof buf, "%.2f MB", double(bytes) / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f GB", double(bytes) / 1e9);
  }
  return buf;
}

std::string format_percent(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", ratio * 100.0);
  return buf;
}

std::string with_thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

Result<uint64_t> parse_bytes(std::string_view text) {
  std::string s(text);
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  size_t num_start = i;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == num_start) return Error{"expected a size such as 1024, \"10 kB\" or \"2 MiB\", got '" + s + "'"};
  double value = std::stod(s.substr(num_start, i - num_start));
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  std::string unit = s.substr(i);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
  double mult = 0;
  if (unit.empty() || unit == "B" || unit == "b") mult = 1;
  else if (unit == "kB" || unit == "KB" || unit == "k" || unit == "K" || unit == "kb") mult = 1e3;
  else if (unit == "MB" || unit == "mB" || unit == "M" || unit == "mb") mult = 1e6;
  else if (unit == "GB" || unit == "G" || unit == "gb") mult = 1e9;
  else if (unit == "KiB" || unit == "kiB") mult = 1024;
  else if (unit == "MiB") mult = 1024.0 * 1024;
  else if (unit == "GiB") mult = 1024.0 * 1024 * 1024;
  else return Error{"unknown size unit '" + unit + "' in '" + s + "' (use B, kB, MB, KiB or MiB)"};
  return static_cast<uint64_t>(std::llround(value * mult));
}

}  // namespace kiln
