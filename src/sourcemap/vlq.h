// Base64 VLQ, the number encoding of Source Map v3 `mappings`: six bits per base64 digit,
// bit 5 says another digit follows, the lowest bit of the first group is the sign.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace kiln::sourcemap {

// Decodes the value starting at s[pos] and moves pos past it. Errors name the offset:
// a character that is not base64, a value cut off by the end (or by ',' / ';'), and a
// value that does not fit in a signed 32-bit integer (the spec's limit).
Result<int32_t> decode_vlq(std::string_view s, size_t& pos);

}  // namespace kiln::sourcemap
