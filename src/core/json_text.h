// JSON text that never throws: nlohmann's dump() throws type_error 316 on a string that is
// not valid UTF-8 (a file name, a URL from a file's bytes), which aborted hash, precache and
// build. kiln refuses such file names at the scan (core/file_name.h); what still reaches a
// JSON output is written with U+FFFD in place of the bad bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace kiln {

template <typename Json>
std::string json_dump(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace kiln
