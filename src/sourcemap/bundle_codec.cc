// The content cache's form of a BundleSources: compact JSON, versioned by the cache key.
#include <nlohmann/json.hpp>

#include "sourcemap/bundle_sources.h"

namespace kiln::sourcemap {

using nlohmann::json;

namespace {

json bytes_json(const Bytes& b) { return json::array({b.raw, b.gzip, b.brotli}); }
Bytes bytes_of(const json& j) { return {j.at(0).get<uint64_t>(), j.at(1).get<uint64_t>(), j.at(2).get<uint64_t>()}; }

}  // namespace

std::string encode_bundle(const BundleSources& b) {
  json src = json::array();
  for (const auto& s : b.sources)
    src.push_back({s.sme_key, s.path, s.package, s.version,
                   (s.runtime ? 1 : 0) | (s.ignored ? 2 : 0) | (s.no_source ? 4 : 0), bytes_json(s.bytes)});
  json j = {{"o", static_cast<int>(b.origin)}, {"m", b.map_path}, {"s", src},
            {"u", bytes_json(b.unmapped)}, {"e", bytes_json(b.eol)}, {"c", bytes_json(b.comment)},
            {"t", b.total}, {"p", b.mapped}, {"l", b.past_line_end}, {"x", b.mixed_eols},
            {"z", b.compressed}, {"ga", b.gzip_alone}, {"ba", b.brotli_alone}, {"mm", b.mismatch},
            {"er", b.error}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool decode_bundle(const std::string& text, BundleSources& b) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  try {
    b.origin = static_cast<MapOrigin>(j.at("o").get<int>());
    b.map_path = j.at("m").get<std::string>();
    for (const auto& s : j.at("s")) {
      SourceEntry e;
      e.sme_key = s.at(0).get<std::string>();
      e.path = s.at(1).get<std::string>();
      e.package = s.at(2).get<std::string>();
      e.version = s.at(3).get<std::string>();
      int flags = s.at(4).get<int>();
      e.runtime = flags & 1, e.ignored = flags & 2, e.no_source = flags & 4;
      e.bytes = bytes_of(s.at(5));
      b.sources.push_back(std::move(e));
    }
    b.unmapped = bytes_of(j.at("u"));
    b.eol = bytes_of(j.at("e"));
    b.comment = bytes_of(j.at("c"));
    b.total = j.at("t").get<uint64_t>();
    b.mapped = j.at("p").get<uint64_t>();
    b.past_line_end = j.at("l").get<uint32_t>();
    b.mixed_eols = j.at("x").get<bool>();
    b.compressed = j.at("z").get<bool>();
    b.gzip_alone = j.at("ga").get<uint64_t>();
    b.brotli_alone = j.at("ba").get<uint64_t>();
    b.mismatch = j.at("mm").get<std::string>();
    b.error = j.at("er").get<std::string>();
  } catch (const json::exception&) {
    return false;
  }
  return true;
}

}  // namespace kiln::sourcemap
