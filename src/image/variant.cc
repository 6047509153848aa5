#include "image/variant.h"

#include <nlohmann/json.hpp>

namespace kiln::image {

const char* format_name(Format f) { return f == Format::webp ? "webp" : "avif"; }

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::written: return "written";
    case Outcome::up_to_date: return "up-to-date";
    case Outcome::not_smaller: return "not-smaller";
    case Outcome::would_upscale: return "would-upscale";
    case Outcome::over_limit: return "over-limit";
    case Outcome::is_source: return "is-source";
    case Outcome::unsupported: return "unsupported";
    case Outcome::failed: return "failed";
  }
  return "?";
}

bool is_kept(Outcome o) { return o == Outcome::written || o == Outcome::up_to_date; }

std::string serialize(const Conversion& c) {
  nlohmann::json j = {{"format", c.format}, {"width", c.width},   {"height", c.height},
                      {"frames", c.frames}, {"alpha", c.alpha},   {"variants", nlohmann::json::array()}};
  std::string blobs;
  for (const auto& v : c.variants) {
    j["variants"].push_back({{"format", static_cast<int>(v.format)},
                             {"requested", v.requested_width},
                             {"width", v.width},
                             {"height", v.height},
                             {"mode", v.mode},
                             {"bytes", v.bytes},
                             {"keep", v.keep},
                             {"skip", static_cast<int>(v.skip)},
                             {"reason", v.reason}});
    if (v.keep) blobs += v.data;
  }
  std::string out = j.dump();
  out += '\n';
  out += blobs;
  return out;
}

Result<Conversion> deserialize(std::string_view bytes) {
  size_t nl = bytes.find('\n');
  if (nl == std::string_view::npos) return Error{"damaged image cache entry"};
  Conversion c;
  try {
    auto j = nlohmann::json::parse(bytes.substr(0, nl));
    c.format = j.at("format").get<std::string>();
    c.width = j.at("width").get<uint32_t>();
    c.height = j.at("height").get<uint32_t>();
    c.frames = j.at("frames").get<uint32_t>();
    c.alpha = j.at("alpha").get<bool>();
    size_t at = nl + 1;
    for (const auto& jv : j.at("variants")) {
      Variant v;
      v.format = static_cast<Format>(jv.at("format").get<int>());
      v.requested_width = jv.at("requested").get<uint32_t>();
      v.width = jv.at("width").get<uint32_t>();
      v.height = jv.at("height").get<uint32_t>();
      v.mode = jv.at("mode").get<std::string>();
      v.bytes = jv.at("bytes").get<uint64_t>();
      v.keep = jv.at("keep").get<bool>();
      v.skip = static_cast<Outcome>(jv.at("skip").get<int>());
      v.reason = jv.at("reason").get<std::string>();
      if (v.keep) {
        if (at + v.bytes > bytes.size()) return Error{"damaged image cache entry"};
        v.data = std::string(bytes.substr(at, v.bytes));
        at += v.bytes;
      }
      c.variants.push_back(std::move(v));
    }
    if (at != bytes.size()) return Error{"damaged image cache entry"};
  } catch (const std::exception&) {
    return Error{"damaged image cache entry"};
  }
  return c;
}

std::string variant_path(std::string_view source, Format f, uint32_t requested_width) {
  size_t slash = source.rfind('/');
  size_t dot = source.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    dot = source.size();
  std::string out(source.substr(0, dot));
  if (requested_width > 0) {
    out += '-';
    out += std::to_string(requested_width);
    out += 'w';
  }
  out += '.';
  out += format_name(f);
  return out;
}

}  // namespace kiln::image
