#include "deploy/deploy_step.h"

#include <algorithm>
#include <filesystem>

#include "resolve/url_resolver.h"

namespace kiln::deploy {

DeployRequest request_from(const config::BuildConfig& cfg, const std::string& dir) {
  DeployRequest r;
  for (const auto& name : cfg.deploy.targets)
    if (auto t = parse_target(name)) r.targets.push_back(*t);
  std::string config_dir = std::filesystem::path(cfg.file).parent_path().string();
  r.out_dir = config_dir.empty() || std::filesystem::path(cfg.deploy.out).is_absolute() ? cfg.deploy.out
                                                                                       : fs::join_path(config_dir, cfg.deploy.out);
  r.server.listen = cfg.deploy.listen;
  r.server.root = cfg.deploy.root.empty() ? std::filesystem::absolute(dir).lexically_normal().string() : cfg.deploy.root;
  while (r.server.root.size() > 1 && r.server.root.back() == '/') r.server.root.pop_back();
  r.server.bucket = cfg.deploy.bucket;
  r.base = resolve::normalize_base(cfg.base);
  return r;
}

std::vector<std::string> write_configs(fs::Disk& disk, const std::string& dir, const pipeline::Analysis& a,
                                       const hash::HashOptions& options, const DeployRequest& request,
                                       bool dry_run, Diagnostics& diags) {
  std::vector<std::string> written;
  if (request.targets.empty()) return written;
  ServePlan plan = make_serve_plan(a, options, request.base);
  if (std::find(request.targets.begin(), request.targets.end(), Target::s3) != request.targets.end())
    add_integrity(plan, disk, dir, diags);
  if (!dry_run) (void)disk.make_dirs(request.out_dir);
  for (Target t : request.targets) {
    std::string path = fs::join_path(request.out_dir, default_file_name(t));
    written.push_back(path);
    if (dry_run) continue;
    if (auto s = disk.write_file(path, render(t, plan, request.server)); !s) diags.error(path, s.error());
  }
  return written;
}

}  // namespace kiln::deploy
