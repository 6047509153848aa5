// ParsedFile to bytes and back, so parse results can live in the content cache: a warm build
// reads each file's references instead of parsing it again (the parse is most of the work of
// `kiln analyze` once compressed sizes come from the cache).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parse/reference.h"

namespace kiln::parse {

std::string encode_parsed(const ParsedFile& f);
// Empty when the bytes are not a ParsedFile of this version (a miss, never a wrong result).
std::optional<ParsedFile> decode_parsed(std::string_view bytes);

}  // namespace kiln::parse
