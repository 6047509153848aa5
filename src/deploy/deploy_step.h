// `kiln build`'s deploy step: the configs kiln.json's "deploy" section asks for, made from the
// final folder and written (atomically, each) into the deploy folder, outside the built
// folder so they are never uploaded with it.
#pragma once

#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "core/diagnostics.h"
#include "deploy/configs.h"
#include "fs/disk.h"
#include "hash/planner.h"

namespace kiln::deploy {

struct DeployRequest {
  std::vector<Target> targets;
  std::string out_dir;  // where the configs go
  ServerOptions server;
  std::string base = "/";
};

// The paths written (or that would be written with `dry_run`), in the order of `targets`.
std::vector<std::string> write_configs(fs::Disk& disk, const std::string& dir, const pipeline::Analysis& a,
                                       const hash::HashOptions& options, const DeployRequest& request,
                                       bool dry_run, Diagnostics& diags);

}  // namespace kiln::deploy
