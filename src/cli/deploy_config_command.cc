// `kiln deploy-config DIR --for nginx|caddy|netlify|s3|aws|rclone`: the server or CDN config
// that serves what kiln wrote (sidecars, hashed names, types), from the plan `_headers` is
// made from. Reads the folder; writes only the config (stdout or -o FILE).
#include <filesystem>

#include "cli/cli.h"
#include "cli/context.h"
#include "deploy/configs.h"
#include "hash/hashed_name.h"
#include "resolve/url_resolver.h"

namespace kiln::cli {

namespace {

struct DeployFlags {
  std::string dir, target, base = "/", listen = "80", root, bucket, hashed_pattern;
  std::vector<std::string> keep, exclude;
};

int run_deploy_config(Context& ctx, DeployFlags& f) {
  auto target = deploy::parse_target(f.target);
  if (!target) {
    ctx.err << "kiln: error: --for: " << target.error() << '\n';
    return kBadUsage;
  }
  auto namer = hash::HashNamer::make("[name]-[hash][ext]", 8, f.hashed_pattern);
  if (!namer) {
    ctx.err << "kiln: error: --hashed-pattern: " << namer.error() << '\n';
    return kBadUsage;
  }
  pipeline::AnalysisOptions opt;
  opt.graph.resolver.base = resolve::normalize_base(f.base);
  opt.exclude = f.exclude;
  opt.measure = false;
  auto analysis = ctx.analyze(f.dir, opt);
  if (!analysis) return kBadUsage;
  hash::HashOptions ho{std::move(*namer), f.keep, false};
  deploy::ServePlan plan;
  {
    auto t = ctx.perf.phase("plan");
    plan = deploy::make_serve_plan(*analysis, ho, opt.graph.resolver.base);
    if (*target == deploy::Target::s3) deploy::add_integrity(plan, ctx.disk, f.dir, ctx.diags);
  }
  deploy::ServerOptions server{f.listen, f.root, f.bucket};
  if (server.root.empty()) server.root = std::filesystem::absolute(f.dir).lexically_normal().string();
  while (server.root.size() > 1 && server.root.back() == '/') server.root.pop_back();
  if (!ctx.common.dry_run) ctx.publish(deploy::render(*target, plan, server));
  if (!ctx.common.quiet && !ctx.common.output.empty()) {
    size_t immutable = 0;
    for (const auto& file : plan.files) immutable += file.immutable;
    ctx.err << "kiln deploy-config: " << deploy::target_name(*target) << " config for " << plan.files.size()
            << " files (" << immutable << " immutable) " << (ctx.common.dry_run ? "would be written to " : "written to ")
            << ctx.common.output << '\n';
  }
  return ctx.finish(false);
}

}  // namespace

void add_deploy_config_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<DeployFlags>();
  auto* cmd = app.add_subcommand("deploy-config",
                                 "Server and CDN config for a built folder: nginx, Caddy, Netlify _headers, "
                                 "or an object-storage upload plan (JSON, aws s3 cp, rclone).");
  cmd->add_option("DIR", flags->dir, "The built folder (e.g. dist)")->required();
  cmd->add_option("--for", flags->target, "nginx, caddy, netlify, s3 (JSON plan), aws or rclone (command lines)")
      ->required();
  add_common_options(*cmd, ctx.common, false);
  cmd->add_option("--base", flags->base, "Public path the folder is served at")->capture_default_str();
  cmd->add_option("--listen", flags->listen, "nginx listen / Caddy address: PORT, HOST:PORT or a host name")
      ->capture_default_str();
  cmd->add_option("--root", flags->root, "The folder's path on the server (default: DIR's absolute path)");
  cmd->add_option("--bucket", flags->bucket, "Upload destination (default s3://BUCKET, remote:BUCKET)");
  cmd->add_option("--keep", flags->keep, "Globs of files whose names are not content hashes (repeatable)");
  cmd->add_option("--hashed-pattern", flags->hashed_pattern,
                  "Regular expression for names that carry a hash (default: built-in rule)");
  cmd->add_option("--exclude", flags->exclude, "Globs left out (repeatable)");
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_deploy_config(ctx, *flags); });
}

}  // namespace kiln::cli
