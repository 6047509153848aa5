// The remote cache's figures for a run's summary: one text row and one JSON object
// (hits, misses, errors, bytes down and up), shared by build, compress and images.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cache/remote_cache.h"

namespace kiln::report {

// "3 hits, 1 miss; 1.2 MB down, 40 kB up (4 entries) from http://127.0.0.1:8080/"
std::string remote_summary_text(const cache::RemoteCache& remote);
nlohmann::json remote_summary_json(const cache::RemoteCache& remote);

}  // namespace kiln::report
