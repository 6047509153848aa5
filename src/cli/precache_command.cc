// `kiln precache DIR`: a Workbox-compatible precache list, as JSON or a JS module, or
// injected into a service worker at self.__WB_MANIFEST.
#include <sstream>

#include "cli/cli.h"
#include "cli/context.h"
#include "core/units.h"
#include "hash/hashed_name.h"
#include "manifest/precache.h"
#include "scan/scanner.h"

namespace kiln::cli {

namespace {

struct PrecacheFlags {
  std::string dir;
  manifest::PrecacheOptions options;
  std::vector<std::string> globs, ignores, prefixes, additional;
  std::string max_size = "2 MiB";
  std::string sw, sw_dest;
  std::string hashed_pattern;
};

int run_precache(Context& ctx, PrecacheFlags& f) {
  auto& o = f.options;
  if (!f.globs.empty()) o.glob_patterns = f.globs;
  if (!f.ignores.empty()) o.glob_ignores = f.ignores;
  auto max = parse_bytes(f.max_size);
  if (!max) {
    ctx.err << "kiln: error: --max-size: " << max.error() << '\n';
    return kBadUsage;
  }
  o.max_size = *max;
  for (const auto& p : f.prefixes) {
    size_t eq = p.find('=');
    if (eq == std::string::npos) {
      ctx.err << "kiln: error: --url-prefix: expected FROM=TO, got '" << p << "'\n";
      return kBadUsage;
    }
    o.modify_url_prefix.emplace_back(p.substr(0, eq), p.substr(eq + 1));
  }
  for (const auto& a : f.additional) {
    size_t at = a.rfind('@');
    if (at == std::string::npos || at == 0) o.additional.emplace_back(a, std::nullopt);
    else o.additional.emplace_back(a.substr(0, at), a.substr(at + 1));
  }
  auto matcher = manifest::url_hash_matcher(f.hashed_pattern);
  if (!matcher) {
    ctx.err << "kiln: error: --hashed-pattern: " << matcher.error() << '\n';
    return kBadUsage;
  }
  o.is_hashed = std::move(*matcher);

  scan::ScanResult scanned;
  {
    auto t = ctx.perf.phase("scan");
    ctx.recover(f.dir);
    auto r = scan::scan_tree(ctx.disk, f.dir, {{}, {}, ctx.common.follow_symlinks}, ctx.diags);
    if (!r) {
      ctx.err << "kiln: error: " << r.error() << '\n';
      return kBadUsage;
    }
    scanned = std::move(*r);
  }
  // The service worker never precaches itself; given by path relative to DIR or as is.
  std::string sw_rel = f.sw;
  if (!f.sw.empty() && f.sw.rfind(f.dir + "/", 0) == 0) sw_rel = f.sw.substr(f.dir.size() + 1);
  if (!sw_rel.empty()) o.exclude_paths.push_back(sw_rel);
  if (!f.sw_dest.empty()) o.exclude_paths.push_back(f.sw_dest);

  std::vector<std::pair<std::string, std::string>> errors;
  manifest::PrecacheList list;
  {
    auto t = ctx.perf.phase("precache");
    list = manifest::make_precache(scanned.files, o,
                                   [&](const std::string& p) { return ctx.disk.read_file(fs::join_path(f.dir, p)); },
                                   errors);
  }
  for (auto& [path, message] : errors) ctx.diags.error(path, message);
  for (auto& [path, size] : list.too_large)
    ctx.diags.warning(path, "not precached: " + with_thousands(size) + " bytes is over --max-size " +
                                with_thousands(o.max_size) + " (workbox's maximumFileSizeToCacheInBytes)");

  if (!f.sw.empty()) {
    std::string sw_path = sw_rel == f.sw ? fs::join_path(f.dir, f.sw) : f.sw;
    if (auto st = ctx.disk.stat(f.sw); st && st->type == fs::EntryType::file) sw_path = f.sw;
    auto sw = ctx.disk.read_file(sw_path);
    if (!sw) {
      ctx.err << "kiln: error: " << f.sw << ": " << sw.error() << '\n';
      return kBadUsage;
    }
    auto injected = manifest::inject_manifest(*sw, list);
    if (!injected) {
      ctx.err << "kiln: error: " << f.sw << ": " << injected.error() << '\n';
      return kBadUsage;
    }
    std::string dest = f.sw_dest.empty() ? sw_path : fs::join_path(f.dir, f.sw_dest);
    if (!ctx.common.dry_run && *injected != *sw) {
      if (auto s = ctx.disk.write_file(dest, *injected); !s) ctx.diags.error(dest, s.error());
    }
    if (!ctx.common.quiet)
      ctx.out << "kiln precache: " << list.entries.size() << " entries (" << format_bytes(list.total_size) << ") "
              << (ctx.common.dry_run ? "would be injected into " : "injected into ") << dest << '\n';
    return ctx.finish(false);
  }
  std::string text = ctx.common.format == "js" ? "export default " + manifest::precache_json(list, 2) + ";\n"
                                               : manifest::precache_json(list, 2) + "\n";
  ctx.publish(text);
  if (!ctx.common.quiet && !ctx.common.output.empty())
    ctx.err << "kiln precache: " << list.entries.size() << " entries (" << format_bytes(list.total_size)
            << ") written to " << ctx.common.output << '\n';
  return ctx.finish(false);
}

}  // namespace

void add_precache_command(CLI::App& app, Context& ctx, int& exit_code) {
  auto flags = std::make_shared<PrecacheFlags>();
  auto* cmd = app.add_subcommand("precache",
                                 "A Workbox-compatible precache list (JSON or JS), or injected into a service worker.");
  cmd->add_option("DIR", flags->dir, "The built folder (e.g. dist)")->required();
  add_common_options(*cmd, ctx.common, false);
  // The list is data: "text" (the shared default) means JSON here.
  cmd->get_option("--format")->check(CLI::IsMember({"text", "json", "js"}));
  cmd->add_option("--glob", flags->globs, "globPatterns (repeatable; default '**/*.{js,wasm,css,html}')");
  cmd->add_option("--ignore", flags->ignores, "globIgnores (repeatable; default '**/node_modules/**/*')");
  cmd->add_option("--max-size", flags->max_size, "maximumFileSizeToCacheInBytes")->capture_default_str();
  cmd->add_option("--url-prefix", flags->prefixes, "modifyURLPrefix as FROM=TO (repeatable)");
  cmd->add_option("--add", flags->additional, "additionalManifestEntries: URL or URL@REVISION (repeatable)");
  cmd->add_flag("--integrity", flags->options.integrity, "Add SRI integrity to each entry");
  cmd->add_option("--hashed-pattern", flags->hashed_pattern,
                  "dontCacheBustURLsMatching: regular expression for names that carry a hash (default: built-in rule)");
  cmd->add_option("--sw", flags->sw, "Inject into this service worker at self.__WB_MANIFEST");
  cmd->add_option("--sw-dest", flags->sw_dest, "Write the injected service worker here (relative to DIR) instead of in place");
  cmd->callback([&ctx, &exit_code, flags] { exit_code = run_precache(ctx, *flags); });
}

}  // namespace kiln::cli
