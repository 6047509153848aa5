#include "deploy/deploy_step.h"

#include <algorithm>

namespace kiln::deploy {

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
