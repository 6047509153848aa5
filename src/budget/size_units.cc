#include "budget/size_units.h"

#include <cctype>
#include <cmath>
#include <string>

#include "core/units.h"

namespace kiln::budget {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads "12" or "12.5" at `i`; advances `i`. Empty when there is no number.
std::string read_number(std::string_view s, size_t& i) {
  size_t start = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == start) return {};
  if (i + 1 < s.size() && s[i] == '.' && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  return std::string(s.substr(start, i - start));
}

}  // namespace

Result<uint64_t> parse_size_limit_bytes(std::string_view text) {
  size_t i = 0;
  std::string number = read_number(text, i);
  if (number.empty()) return Error{"expected a size such as \"10 kB\" or \"10 KiB\""};
  while (i < text.size() && text[i] == ' ') ++i;
  std::string unit = lower(text.substr(i));
  double base = 1000, power = 0;
  if (!unit.empty()) {
    static const std::string prefixes = "kmgtpezy";
    size_t u = 0;
    if (u < unit.size() && prefixes.find(unit[u]) != std::string::npos) power = double(prefixes.find(unit[u++]) + 1);
    if (u < unit.size() && unit[u] == 'i') base = 1024, ++u;
    if (u + 1 != unit.size() || unit[u] != 'b')
      return Error{"expected a size such as \"10 kB\" or \"10 KiB\""};
  }
  return static_cast<uint64_t>(std::floor(std::stod(number) * std::pow(base, power)));
}

Result<uint64_t> parse_npm_bytes(std::string_view text) {
  size_t i = 0;
  std::string number = read_number(text, i);
  if (number.empty()) return Error{"expected a size such as \"10 kB\" or 10240"};
  size_t after_number = i;
  while (i < text.size() && text[i] == ' ') ++i;
  std::string unit = lower(text.substr(i));
  static const char* units[] = {"kb", "mb", "gb", "tb", "pb"};
  for (int p = 0; p < 5; ++p)
    if (unit == units[p]) return static_cast<uint64_t>(std::floor(std::stod(number) * std::pow(1024.0, p + 1)));
  // `bytes` falls back to parseInt: the leading integer, whatever follows ("500b", "1KiB" = 1).
  // A unit it does not know is almost certainly a mistake, so only "b" and nothing pass.
  if (!unit.empty() && unit != "b") return Error{"expected a size such as \"10 kB\" (kB = 1024 bytes here), got an unknown unit"};
  return static_cast<uint64_t>(std::stoull(std::string(text.substr(0, after_number))));
}

Result<Limit> parse_kiln_limit(std::string_view text) {
  Limit l;
  l.text = std::string(text);
  std::string_view t = text;
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  if (!t.empty() && t.front() == '+') {
    t.remove_prefix(1);
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    if (!t.empty() && t.back() == '%') {
      size_t i = 0;
      std::string number = read_number(t, i);
      if (number.empty() || i + 1 != t.size()) return Error{"expected a growth such as \"+5%\""};
      l.kind = Limit::Kind::percent;
      l.percent = std::stod(number);
      return l;
    }
    auto bytes = parse_bytes(t);
    if (!bytes) return Error{"expected a growth such as \"+10 kB\" or \"+5%\""};
    l.kind = Limit::Kind::plus;
    l.bytes = *bytes;
    return l;
  }
  auto bytes = parse_bytes(t);
  if (!bytes) return Error{"expected a size such as \"170 kB\", \"1.5 MB\", \"2 KiB\" or a relative limit such as \"+5%\""};
  l.bytes = *bytes;
  return l;
}

}  // namespace kiln::budget
