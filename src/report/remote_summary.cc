#include "report/remote_summary.h"

#include "core/units.h"

namespace kiln::report {

std::string remote_summary_text(const cache::RemoteCache& remote) {
  auto s = remote.stats();
  std::string text = std::to_string(s.hits) + (s.hits == 1 ? " hit, " : " hits, ") + std::to_string(s.misses) +
                     (s.misses == 1 ? " miss; " : " misses; ") + format_bytes(s.bytes_down) + " down, " +
                     format_bytes(s.bytes_up) + " up (" + std::to_string(s.uploads) + " entries stored)";
  if (s.errors) text += ", " + std::to_string(s.errors) + (s.errors == 1 ? " bad answer" : " bad answers");
  return text + " — " + remote.describe();
}

nlohmann::json remote_summary_json(const cache::RemoteCache& remote) {
  auto s = remote.stats();
  return {{"url", remote.describe()}, {"hits", s.hits},          {"misses", s.misses},
          {"errors", s.errors},       {"bytesDown", s.bytes_down}, {"bytesUp", s.bytes_up},
          {"uploads", s.uploads},     {"down", s.down},
          {"uploadsStopped", s.uploads_stopped}};
}

}  // namespace kiln::report
