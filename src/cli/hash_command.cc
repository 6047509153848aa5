// `kiln hash DIR`: content-hashed names, rewritten references, manifest.json, a Vite-style
// chunk manifest with SRI, and _headers for the CDN.
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "cli/context.h"
#include "hash/apply.h"
#include "hash/planner.h"
#include "manifest/outputs.h"
#include "pipeline/analysis.h"
#include "report/analyze_report.h"
#include "report/diagnostics_json.h"

namespace kiln::cli {

namespace {

struct HashFlags {
  std::string dir;
  std::string base = "/";
  std::vector<std::string> entries, exclude, keep;
  std::string pattern = "[name]-[hash][ext]";
  size_t hash_length = 8;
  std::string hashed_pattern;
  bool sri = false;
  std::string manifest = "manifest.json";
  std::string chunk_manifest = "chunk-manifest.json";
  bool no_headers = false;
};

int run_hash(Context& ctx, HashFlags& f) {
  auto namer = hash::HashNamer::make(f.pattern, f.hash_length, f.hashed_pattern);
  if (!namer) {
    ctx.err << "kiln: error: --name-pattern/--hash-length/--hashed-pattern: " << namer.error() << '\n';
    return kBadUsage;
  }
  pipeline::AnalysisOptions opt;
  opt.graph.resolver.base = resolve::normalize_base(f.base);
  opt.graph.entries = f.entries;
  opt.exclude = f.exclude;
  opt.measure = false;  // the cache still serves parse results
  ctx.recover(f.dir);
  auto analysis = ctx.analyze(f.dir, opt);
  if (!analysis) return kBadUsage;
  const std::string& base = opt.graph.resolver.base;
  hash::HashOptions ho{std::move(*namer), f.keep, f.sri};
  hash::HashPlan plan;
  {
    auto t = ctx.perf.phase("plan");
    plan = hash::plan_hash(ctx.disk, f.dir, *analysis, ho, ctx.diags);
  }
  if (ctx.diags.has_errors()) {
    ctx.diags.print(ctx.err);
    ctx.err << "kiln: error: nothing was renamed or rewritten; fix the errors above and run again\n";
    return kInputFailed;
  }
  manifest::OutputNames names{f.manifest, f.chunk_manifest, !f.no_headers};
  auto outputs = manifest::make_outputs(ctx.disk, f.dir, *analysis, plan, ho, names, base);
  if (!outputs) {
    ctx.err << "kiln: error: " << outputs.error() << '\n';
    return kBadUsage;
  }
  hash::ApplyStats stats;
  if (!ctx.common.dry_run) {
    auto t = ctx.perf.phase("write");
    if (!hash::apply_plan(ctx.disk, f.dir, plan, stats, ctx.diags, manifest::output_files(*outputs, names)))
      return ctx.finish(false);
  }
  const std::string& manifest_text = outputs->manifest_text;
  size_t header_rules = outputs->headers_rules;

  std::ostringstream out;
  if (ctx.common.format == "json") {
    nlohmann::ordered_json j;
    j["schema"] = "kiln.hash/1";
    j["dryRun"] = ctx.common.dry_run;
    nlohmann::ordered_json renames = nlohmann::ordered_json::object();
    for (const auto& fp : plan.files)
      if (fp.renamed) renames[fp.old_path] = fp.new_path;
    j["renamed"] = renames;
    nlohmann::ordered_json rewritten = nlohmann::ordered_json::object();
    for (const auto& fp : plan.files)
      if (fp.rewritten_refs) rewritten[fp.new_path] = fp.rewritten_refs;
    j["rewrittenReferences"] = rewritten;
    j["alreadyHashed"] = plan.already_hashed;
    j["manifest"] = nlohmann::ordered_json::parse(manifest_text);
    j["headersRules"] = header_rules;
    j["diagnostics"] = report::diagnostics_json(ctx.diags);
    out << report::json_text(j) << '\n';
  } else if (!ctx.common.quiet) {
    out << "kiln hash " << f.dir << (ctx.common.dry_run ? " (dry run: the plan, nothing written)" : "") << "\n\n";
    for (const auto& fp : plan.files)
      if (fp.renamed) out << "  " << fp.old_path << " -> " << fp.new_path << '\n';
    out << "\n  " << plan.renamed << " files renamed, " << plan.already_hashed << " already hashed, "
        << plan.rewritten_refs << " references rewritten in " << plan.rewritten_files << " files\n";
    if (!ctx.common.dry_run)
      out << "  sidecars: " << stats.sidecars_moved << " moved with their files, " << stats.sidecars_removed
          << " removed as stale (run kiln compress to remake them)\n";
    out << "  " << (ctx.common.dry_run ? "would write " : "wrote ") << f.manifest
        << (f.chunk_manifest.empty() ? "" : ", " + f.chunk_manifest)
        << (f.no_headers ? "" : ", _headers (" + std::to_string(header_rules) + " rules)") << '\n';
    if (header_rules > 100)
      out << "  note: Cloudflare Pages reads at most 100 rules from _headers; this folder needs " << header_rules << '\n';
    if (outputs->sidecars_present)
      out << "  nginx: serve the .br/.gz sidecars with `brotli_static on; gzip_static on;`\n";
  }
  ctx.publish(out.str());
  return ctx.finish(false);
}

}  // namespace

void add_hash_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<HashFlags>();
  auto* cmd = app.add_subcommand(
      "hash", "Content-hashed names, rewritten references, manifest.json, chunk manifest with SRI, and _headers.");
  cmd->add_option("DIR", flags->dir, "The built folder (e.g. dist)")->required();
  add_common_options(*cmd, ctx.common);
  cmd->add_option("--base", flags->base, "Public path the site is served under")->capture_default_str();
  cmd->add_option("--entry", flags->entries, "Also treat FILE as an entry (repeatable)");
  cmd->add_option("--exclude", flags->exclude, "Ignore files matching GLOB (repeatable)");
  cmd->add_option("--keep", flags->keep, "Files matching GLOB keep their names (repeatable)");
  cmd->add_option("--name-pattern", flags->pattern, "New names, from [name], [hash] and [ext]")->capture_default_str();
  cmd->add_option("--hash-length", flags->hash_length, "Hex digits of SHA-256 in names (8-64)")->capture_default_str();
  cmd->add_option("--hashed-pattern", flags->hashed_pattern,
                  "Regular expression for file names that are already hashed (default: a built-in rule)");
  cmd->add_flag("--sri", flags->sri, "Add integrity=\"sha384-…\" to <script src> and <link href> in pages");
  cmd->add_option("--manifest", flags->manifest, "Name of the webpack-style manifest")->capture_default_str();
  cmd->add_option("--chunk-manifest", flags->chunk_manifest, "Name of the Vite-style chunk manifest ('' for none)")
      ->capture_default_str();
  cmd->add_flag("--no-headers", flags->no_headers, "Do not write _headers");
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_hash(ctx, *flags); });
}

}  // namespace kiln::cli
