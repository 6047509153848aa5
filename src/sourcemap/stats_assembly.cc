#include "sourcemap/stats_assembly.h"

#include <algorithm>

#include "sourcemap/source_name.h"

namespace kiln::sourcemap {

std::string StatsBuilder::key(std::string_view name) {
  auto it = raw_to_key_.find(std::string(name));
  if (it != raw_to_key_.end()) return it->second;
  std::string n(name);
  // webpack names a concatenated module by its root: "./src/page.js + 3 modules".
  if (size_t plus = n.rfind(" + "); plus != std::string::npos && n.size() > plus + 3 &&
                                    n.find(" module", plus) != std::string::npos)
    n.erase(plus);
  auto sn = normalize_source(n);
  std::string k = sn.path;
  names_.emplace(k, std::move(sn));
  raw_to_key_.emplace(std::string(name), k);
  return k;
}

void StatsBuilder::add_module(std::string_view name) {
  if (!name.empty()) keys_.insert(key(name));
}

void StatsBuilder::add_import(std::string_view importer, std::string_view imported) {
  if (importer.empty() || imported.empty()) return;
  auto from = key(importer), to = key(imported);
  if (from == to) return;
  keys_.insert(from), keys_.insert(to);
  imports_.emplace(from, to);
}

void StatsBuilder::add_bytes(std::string_view file, std::string_view module, uint64_t bytes) {
  if (module.empty()) return;
  auto k = key(module);
  keys_.insert(k);
  bytes_[std::string(file)][k] = bytes;
}

BundlerStats StatsBuilder::finish() {
  BundlerStats s;
  s.kind = kind_;
  std::map<std::string, uint32_t> index;
  for (const auto& k : keys_) {
    index.emplace(k, static_cast<uint32_t>(s.modules.size()));
    const auto& n = names_.at(k);
    StatsModule m;
    m.path = k;
    m.package = n.package, m.version = n.version, m.runtime = n.runtime;
    s.modules.push_back(std::move(m));
  }
  for (const auto& [from, to] : imports_) s.modules[index[to]].importers.push_back(index[from]);
  for (auto& m : s.modules) std::sort(m.importers.begin(), m.importers.end());
  for (const auto& [file, mods] : bytes_) {
    StatsOutput o{file, {}};
    for (const auto& [k, n] : mods) o.modules.emplace_back(index[k], n);
    s.outputs.push_back(std::move(o));
  }
  return s;
}

}  // namespace kiln::sourcemap
