// ModuleFacts to bytes and back, so source-mode extraction lives in the content cache: a
// warm `kiln graph` reads each file's facts instead of parsing it again.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "source/facts.h"

namespace kiln::source {

std::string encode_facts(const ModuleFacts& f);
// Empty when the bytes are not ModuleFacts of this version (a miss, never a wrong result).
std::optional<ModuleFacts> decode_facts(std::string_view bytes);

}  // namespace kiln::source
