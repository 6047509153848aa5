#include "report/diagnostics_json.h"

#include "core/json_text.h"

namespace kiln::report {

nlohmann::json diagnostics_json(const Diagnostics& diags) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : diags.sorted()) {
    nlohmann::json j = {{"severity", d.severity == Severity::error     ? "error"
                                     : d.severity == Severity::warning ? "warning"
                                                                       : "note"},
                        {"path", d.path},
                        {"message", d.message}};
    if (d.line) j["line"] = d.line, j["column"] = d.column;
    out.push_back(j);
  }
  return out;
}

std::string json_text(const nlohmann::json& j) {
  return json_dump(j, 2);
}

std::string json_text(const nlohmann::ordered_json& j) {
  return json_dump(j, 2);
}

}  // namespace kiln::report
