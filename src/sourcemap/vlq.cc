#include "sourcemap/vlq.h"

#include <array>
#include <string>

namespace kiln::sourcemap {

namespace {

constexpr std::array<int8_t, 256> make_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  constexpr std::string_view digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < digits.size(); ++i) t[static_cast<unsigned char>(digits[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr auto kDigit = make_table();

}  // namespace

Result<int32_t> decode_vlq(std::string_view s, size_t& pos) {
  size_t start = pos;
  uint64_t value = 0;
  unsigned shift = 0;
  while (true) {
    if (pos >= s.size() || s[pos] == ',' || s[pos] == ';')
      return Error{"VLQ value at offset " + std::to_string(start) + " is cut off (continuation bit set on its last digit)"};
    int d = kDigit[static_cast<unsigned char>(s[pos])];
    if (d < 0)
      return Error{"invalid base64 character '" + std::string(1, s[pos]) + "' at offset " + std::to_string(pos)};
    ++pos;
    value |= static_cast<uint64_t>(d & 31) << shift;
    shift += 5;
    if (!(d & 32)) break;
    // 32 bits of magnitude plus the sign bit fit in 7 digits; more is never a valid value.
    if (shift >= 35)
      return Error{"VLQ value at offset " + std::to_string(start) + " does not fit in 32 bits"};
  }
  bool negative = value & 1;
  uint64_t magnitude = value >> 1;
  // Signed 32-bit range: magnitude up to 2^31 - 1, or exactly 2^31 when negative.
  if (magnitude > (negative ? 0x80000000ull : 0x7fffffffull))
    return Error{"VLQ value at offset " + std::to_string(start) + " does not fit in 32 bits"};
  if (negative) return static_cast<int32_t>(-static_cast<int64_t>(magnitude));
  return static_cast<int32_t>(magnitude);
}

}  // namespace kiln::sourcemap
