#include "cli/context.h"

#include <ostream>

#include "cache/content_cache.h"
#include "cli/cli.h"
#include "fs/journal.h"
#include "report/remote_summary.h"

namespace kiln::cli {

namespace {
std::string parent_of(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return p.substr(0, slash);
}
}  // namespace

std::optional<pipeline::Analysis> Context::analyze(const std::string& dir, pipeline::AnalysisOptions options) {
  options.jobs = common.jobs;
  options.follow_symlinks = common.follow_symlinks;
  options.progress = show_progress();
  cache::ContentCache cache(disk, cache_dir_for(dir));
  attach_remote(cache);
  auto analysis = pipeline::analyze(disk, dir, options, cache, diags, perf);
  if (!analysis) {
    err << "kiln: error: " << analysis.error() << '\n';
    return std::nullopt;
  }
  return std::move(*analysis);
}

std::string Context::cache_dir_for(const std::string& dir) {
  if (common.no_cache) return "";
  if (!common.cache_dir.empty()) return common.cache_dir;
  // Walk up from dir (absolute, so ".." chains end at "/").
  std::string cur = dir;
  if (cur.empty() || cur[0] != '/') {
    char buf[4096];
    if (getcwd(buf, sizeof buf)) cur = std::string(buf) + "/" + dir;
  }
  for (int depth = 0; depth < 64; ++depth) {
    auto st = disk.stat(fs::join_path(cur, "node_modules"));
    if (st && st->type == fs::EntryType::directory)
      return fs::join_path(cur, "node_modules/.cache/kiln");
    std::string up = parent_of(cur);
    if (up == cur) break;
    cur = up;
  }
  return fs::join_path(parent_of(dir), ".kiln-cache");
}

void Context::recover(const std::string& dir) { fs::recover_folder(disk, dir, common.dry_run, diags); }

bool Context::publish(const std::string& text) {
  if (common.output.empty()) {
    out << text;
    return true;
  }
  if (auto s = disk.write_file(common.output, text); !s) {
    diags.error(common.output, s.error());
    return false;
  }
  return true;
}

void Context::attach_remote(cache::ContentCache& cache, cache::RemoteOptions configured) {
  if (!cache.enabled()) return;
  if (!remote) {
    if (!common.remote_cache.empty()) configured.url = common.remote_cache;
    if (common.remote_upload) configured.upload = *common.remote_upload;
    if (common.remote_timeout) configured.timeout_s = *common.remote_timeout;
    remote = cache::open_remote(configured);
  }
  cache.set_remote(remote.get());
}

void Context::finish_remote() {
  if (!remote || remote_finished) return;
  remote_finished = true;
  remote->finish();
  if (auto problem = remote->problem()) diags.warning(remote->describe(), "remote cache: " + *problem);
}

int Context::finish(bool rule_broken) {
  finish_remote();
  diags.print(err);
  if (common.perf) perf.print(err);
  if (common.perf && remote) err << "remote cache     " << report::remote_summary_text(*remote) << '\n';
  if (diags.has_errors()) return kInputFailed;
  return rule_broken ? kRuleBroken : kOk;
}

void add_viewport_option(CLI::App& cmd, graph::Viewport& viewport) {
  cmd.add_option_function<std::string>(
         "--viewport",
         [&viewport](const std::string& text) {
           auto v = graph::parse_viewport(text);
           if (!v) throw CLI::ValidationError(v.error());
           viewport = *v;
         },
         "The screen whose image candidates count (<picture>, srcset, sizes): WIDTHxHEIGHT@DPRx")
      ->default_str(graph::viewport_text(viewport));
}

void add_common_options(CLI::App& cmd, CommonOptions& c, bool with_format_choices) {
  cmd.add_option("-j,--jobs", c.jobs, "Worker threads (default: one per core)");
  auto* fmt = cmd.add_option("--format", c.format, "Output format")->capture_default_str();
  if (with_format_choices) fmt->check(CLI::IsMember({"text", "json"}));
  cmd.add_option("-o,--output", c.output, "Write the report to FILE instead of stdout");
  cmd.add_flag("-q,--quiet", c.quiet, "No summary or progress; only errors and warnings");
  cmd.add_flag("--perf", c.perf, "Print the time each phase took (stderr)");
  cmd.add_flag("-n,--dry-run", c.dry_run, "Decide and report, but write and remove nothing");
  cmd.add_option("--cache-dir", c.cache_dir,
                 "Cache folder (default: node_modules/.cache/kiln, else .kiln-cache beside DIR)");
  cmd.add_flag("--no-cache", c.no_cache, "Neither read nor write the cache");
  cmd.add_flag("--follow-symlinks", c.follow_symlinks,
               "Follow symbolic links that lead outside DIR (default: report them and leave them alone)");
  cmd.add_option("--remote-cache", c.remote_cache,
                 "Shared cache server (Bazel HTTP cache protocol: bazel-remote, nginx WebDAV, ...)");
  cmd.add_option("--remote-cache-upload", c.remote_upload, "false: only read the remote cache (pull requests)");
  cmd.add_option("--remote-cache-timeout", c.remote_timeout, "Seconds before a silent server is a miss (default 5)")
      ->check(CLI::Range(0.05, 600.0));
}

}  // namespace kiln::cli
