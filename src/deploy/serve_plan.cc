#include "deploy/serve_plan.h"

#include <algorithm>
#include <map>

#include "core/digest.h"
#include "deploy/content_types.h"
#include "manifest/outputs.h"

namespace kiln::deploy {

namespace {

// The encoding a sidecar's extension stands for, in the order servers prefer them.
struct Encoding {
  const char* suffix;
  const char* name;
};
constexpr Encoding kEncodings[] = {{".br", "br"}, {".gz", "gzip"}, {".zst", "zstd"}};

}  // namespace

bool ServePlan::has(const std::string& encoding) const {
  for (const auto& f : files)
    for (const auto& s : f.sidecars)
      if (s.encoding == encoding) return true;
  return false;
}

const char* cache_control(bool immutable) { return immutable ? manifest::kImmutable : manifest::kNoCache; }

ServePlan make_serve_plan(const pipeline::Analysis& a, const hash::HashOptions& options, const std::string& base) {
  ServePlan plan;
  plan.base = base;
  auto classes = manifest::cache_classes(a, nullptr, options, {});
  std::map<std::string, size_t> by_path;
  for (const auto& c : classes) {
    by_path[c.path] = plan.files.size();
    std::string ext = extension_of(c.path);
    plan.files.push_back({c.path, content_type_for(ext), c.immutable, {}, {}});
  }
  // Sidecars join their file; one whose file is absent (a lone sitemap.xml.gz) is a file.
  for (const auto& f : a.files) {
    if (f.kind != scan::FileKind::sidecar) continue;
    bool joined = false;
    for (const auto& e : kEncodings) {
      std::string suffix = e.suffix;
      if (f.path.size() <= suffix.size() || f.path.compare(f.path.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      auto it = by_path.find(f.path.substr(0, f.path.size() - suffix.size()));
      if (it == by_path.end()) break;
      plan.files[it->second].sidecars.push_back({f.path, e.name});
      joined = true;
    }
    if (!joined) plan.files.push_back({f.path, content_type_for(extension_of(f.path)), false, {}, {}});
  }
  std::sort(plan.files.begin(), plan.files.end(), [](const auto& x, const auto& y) { return x.path < y.path; });
  std::map<std::string, std::string> types;
  for (auto& f : plan.files) {
    std::sort(f.sidecars.begin(), f.sidecars.end(), [](const Sidecar& x, const Sidecar& y) {
      auto rank = [](const std::string& e) { return e == "br" ? 0 : e == "gzip" ? 1 : 2; };
      return rank(x.encoding) < rank(y.encoding);
    });
    if (std::string ext = extension_of(f.path); !ext.empty()) types[ext] = f.content_type;
  }
  plan.types.assign(types.begin(), types.end());
  std::vector<manifest::HeaderInput> inputs;
  for (const auto& f : plan.files) inputs.push_back({f.path, f.immutable});
  plan.rules = manifest::header_rules(std::move(inputs), base);
  return plan;
}

void add_integrity(ServePlan& plan, fs::Disk& disk, const std::string& root, Diagnostics& diags) {
  for (auto& f : plan.files) {
    auto bytes = disk.read_file(fs::join_path(root, f.path));
    if (!bytes) diags.error(f.path, bytes.error());
    else f.integrity = sri_sha384(*bytes);
  }
}

}  // namespace kiln::deploy
