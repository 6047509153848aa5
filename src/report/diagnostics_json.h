// Diagnostics as JSON, the same shape in every command's report:
// [{severity, path, line?, column?, message}], sorted by path, line, column.
#pragma once

#include <nlohmann/json.hpp>

#include "core/diagnostics.h"

namespace kiln::report {

nlohmann::json diagnostics_json(const Diagnostics& diags);

// `j` as indented JSON text for --format json. Bytes that are not UTF-8 (a file name or a
// source excerpt in another encoding) become U+FFFD instead of failing the whole report.
std::string json_text(const nlohmann::json& j);
std::string json_text(const nlohmann::ordered_json& j);

}  // namespace kiln::report
