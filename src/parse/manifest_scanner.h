// Web app manifest (JSON) references: icons[].src, screenshots[].src and
// shortcuts[].icons[].src, with byte ranges. A small JSON reader of its own, because
// nlohmann::json does not keep source positions.
#pragma once

#include <string_view>

#include "parse/extraction.h"

namespace kiln::parse {

// Appends the manifest's references; invalid JSON is noted as a syntax error (the
// references read before the error are kept).
void extract_manifest(std::string_view json, Extraction& ex);

}  // namespace kiln::parse
