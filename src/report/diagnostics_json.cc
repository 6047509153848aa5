#include "report/diagnostics_json.h"

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
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_text(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace kiln::report
