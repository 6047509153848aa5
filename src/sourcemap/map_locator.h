// Finds the source map of a generated script or stylesheet: the file its last
// `sourceMappingURL` comment names (resolved by the graph like any reference), a `data:` URI
// in that comment (base64 or URL-encoded), or, without a comment, `NAME.map` beside it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kiln::sourcemap {

enum class MapOrigin { external, inline_data, beside };
const char* map_origin_name(MapOrigin o);

// The JSON text of a `data:` URI (`data:application/json;base64,…`, `…;charset=utf-8;base64,…`
// or percent-encoded `data:application/json,…`).
Result<std::string> decode_data_uri(std::string_view uri);

}  // namespace kiln::sourcemap
