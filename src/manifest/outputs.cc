#include "manifest/outputs.h"

#include <algorithm>

#include "core/digest.h"
#include "core/json_text.h"
#include "manifest/asset_manifest.h"
#include "manifest/headers_file.h"

namespace kiln::manifest {

std::vector<HeaderInput> cache_classes(const pipeline::Analysis& a, const hash::HashPlan* plan,
                                       const hash::HashOptions& options, const std::vector<std::string>& own) {
  std::vector<HeaderInput> inputs;
  std::vector<char> no_sw(a.files.size(), 0);
  GlobSet keep(options.keep);
  for (scan::FileId id = 0; id < a.files.size(); ++id) {
    const auto& file = a.files[id];
    if (file.kind == scan::FileKind::sidecar) continue;
    if (file.path == "_headers" || std::find(own.begin(), own.end(), file.path) != own.end()) continue;
    bool renamed = plan && plan->files[id].renamed;
    bool immutable = (renamed || options.namer.is_hashed(file.path)) && hash::keep_reason(a, id, no_sw, keep).empty();
    inputs.push_back({plan ? plan->final_paths[id] : file.path, immutable});
  }
  for (const auto& o : own)
    if (!o.empty()) inputs.push_back({o, false});
  return inputs;
}

Result<Outputs> make_outputs(fs::Disk& disk, const std::string& root, const pipeline::Analysis& a,
                             hash::HashPlan& plan, const hash::HashOptions& options,
                             const OutputNames& names, const std::string& base) {
  // The previous manifest tells the original names; a file of that name that is not an
  // asset manifest is never overwritten.
  NameHistory history;
  if (auto old = disk.read_file(fs::join_path(root, names.manifest))) {
    auto h = read_history(*old, base);
    if (!h) return Error{names.manifest + ": " + h.error()};
    history = std::move(*h);
  }
  std::vector<std::string> own = {names.manifest, names.chunk_manifest};
  own.insert(own.end(), names.others.begin(), names.others.end());
  // Integrity of every script and stylesheet's final bytes, for the chunk manifest.
  for (scan::FileId id = 0; id < a.files.size(); ++id) {
    auto kind = a.files[id].kind;
    if (kind != scan::FileKind::script && kind != scan::FileKind::stylesheet) continue;
    // Unchanged files are read again: another step (service-worker injection) may have
    // written them since the plan was made.
    if (plan.files[id].renamed || plan.files[id].content_changed) plan.integrity[id] = sri_sha384(plan.files[id].content);
    else if (auto c = disk.read_file(fs::join_path(root, a.files[id].path))) plan.integrity[id] = sri_sha384(*c);
  }
  Outputs out;
  out.manifest_text = json_dump(webpack_manifest(a, plan, history, base, own), 2) + "\n";
  out.chunk_text = json_dump(chunk_manifest(a, plan, history, plan.integrity), 2) + "\n";
  for (const auto& file : a.files) out.sidecars_present |= file.kind == scan::FileKind::sidecar;
  auto inputs = cache_classes(a, &plan, options, own);
  auto headers = make_headers(inputs, base);
  out.headers_text = headers.text;
  out.headers_rules = headers.rules;
  return out;
}

std::vector<std::pair<std::string, std::string>> output_files(const Outputs& out, const OutputNames& names) {
  std::vector<std::pair<std::string, std::string>> files{{names.manifest, out.manifest_text}};
  if (!names.chunk_manifest.empty()) files.emplace_back(names.chunk_manifest, out.chunk_text);
  if (names.headers) files.emplace_back("_headers", out.headers_text);
  return files;
}

void write_outputs(fs::Disk& disk, const std::string& root, const Outputs& out, const OutputNames& names,
                   Diagnostics& diags) {
  for (const auto& [name, text] : output_files(out, names)) {
    std::string path = fs::join_path(root, name);
    if (size_t slash = path.rfind('/'); slash != std::string::npos) (void)disk.make_dirs(path.substr(0, slash));
    if (auto s = disk.write_file(path, text); !s) diags.error(name, s.error());
  }
}

}  // namespace kiln::manifest
