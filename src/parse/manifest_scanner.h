// References in JSON: a web app manifest's icons[].src, screenshots[].src and
// shortcuts[].icons[].src, and the URLs of an HTML import map, with byte ranges. A small JSON reader of its own, because
// nlohmann::json does not keep source positions.
#pragma once

#include <string_view>

#include "parse/extraction.h"

namespace kiln::parse {

// Appends the manifest's references; invalid JSON is noted as a syntax error (the
// references read before the error are kept).
void extract_manifest(std::string_view json, Extraction& ex);

// The URLs of a <script type=importmap> body starting at file offset `base`: html_other refs
// with tag "script", attr "importmap" and `key` the specifier (or prefix) they map.
void extract_importmap(std::string_view json, uint32_t base, Extraction& ex);

}  // namespace kiln::parse
