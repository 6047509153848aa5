// Diagnostics as JSON, the same shape in every command's report:
// [{severity, path, line?, column?, message}], sorted by path, line, column.
#pragma once

#include <nlohmann/json.hpp>

#include "core/diagnostics.h"

namespace kiln::report {

nlohmann::json diagnostics_json(const Diagnostics& diags);

}  // namespace kiln::report
