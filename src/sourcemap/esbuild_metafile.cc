// esbuild's metafile (`--metafile`): inputs with their imports, outputs with the bytes each
// input put in them. Small enough to parse whole (it holds no sources).
#include <nlohmann/json.hpp>

#include "sourcemap/bundler_stats.h"
#include "sourcemap/stats_assembly.h"

namespace kiln::sourcemap {

Result<BundlerStats> read_esbuild_metafile(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return Error{"invalid JSON"};
  if (!j.is_object() || !j.contains("inputs") || !j["inputs"].is_object() || !j.contains("outputs") ||
      !j["outputs"].is_object())
    return Error{"not an esbuild metafile (no \"inputs\" and \"outputs\" objects)"};
  StatsBuilder b(StatsKind::esbuild);
  for (const auto& [path, input] : j["inputs"].items()) {
    b.add_module(path);
    if (!input.is_object() || !input.contains("imports") || !input["imports"].is_array()) continue;
    for (const auto& imp : input["imports"]) {
      if (!imp.is_object() || !imp.contains("path") || !imp["path"].is_string()) continue;
      if (imp.value("external", false)) continue;
      b.add_import(path, imp["path"].get<std::string>());
    }
  }
  for (const auto& [file, output] : j["outputs"].items()) {
    if (!output.is_object() || !output.contains("inputs") || !output["inputs"].is_object()) continue;
    for (const auto& [path, in] : output["inputs"].items())
      if (in.is_object() && in.contains("bytesInOutput") && in["bytesInOutput"].is_number_unsigned())
        b.add_bytes(file, path, in["bytesInOutput"].get<uint64_t>());
  }
  return b.finish();
}

}  // namespace kiln::sourcemap
