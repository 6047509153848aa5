#include "pipeline/analysis.h"

#include <algorithm>
#include <atomic>
#include <numeric>

#include "compress/compressor.h"
#include "compress/encoded_cache.h"
#include "core/digest.h"
#include "core/free_memory.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "graph/package_entries.h"
#include "parse/parsed_file_codec.h"
#include "parse/parser.h"
#include "resolve/url_resolver.h"

namespace kiln::pipeline {

namespace {

// The entries package.json names, for a folder without HTML pages and without --entry
// (recorded in a.package_entries); a file it names that the folder lacks is a warning.
// `contents` holds package.json's bytes from the parse's read (JSON is compressible).
std::vector<std::string> package_json_entries(const std::vector<std::string>& contents, Analysis& a,
                                              Diagnostics& diags) {
  std::vector<std::string> out;
  auto package = scan::find_file(a.files, "package.json");
  if (!package) return out;
  auto entries = graph::package_entries(contents[*package]);
  if (!entries) {
    diags.warning("", entries.error() + "; no entries taken from it");
    return out;
  }
  for (auto& e : *entries) {
    std::string path = e.path;
    if (!resolve::normalize_path(path) || !scan::find_file(a.files, path)) {
      diags.warning("package.json", "\"" + e.field + "\" names " + e.path + ", which is not in the folder");
      continue;
    }
    out.push_back(path);
    e.path = path;
    a.package_entries.push_back(std::move(e));
  }
  return out;
}

// Largest first, so the slowest items start early and the cores finish together.
std::vector<size_t> largest_first(const std::vector<scan::FileEntry>& files) {
  std::vector<size_t> order(files.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return files[a].size > files[b].size; });
  return order;
}

}  // namespace

Result<Analysis> analyze(fs::Disk& disk, const std::string& root, const AnalysisOptions& options,
                         cache::ContentCache& cache, Diagnostics& diags, Perf& perf) {
  Analysis a;
  {
    auto t = perf.phase("scan");
    auto scanned = scan::scan_tree(disk, root, {{}, options.exclude, options.follow_symlinks}, diags);
    if (!scanned) return Error{scanned.error()};
    a.files = std::move(scanned->files);
    a.unreadable = scanned->unreadable_folders;
  }
  size_t n = a.files.size();
  a.parsed.resize(n);
  a.facts.resize(n);
  // Contents of compressible files, kept from the parse's read for the measure phase.
  std::vector<std::string> contents(n);
  auto order = largest_first(a.files);

  {
    auto t = perf.phase("parse");
    Progress progress(options.progress, "parse", n);
    std::atomic<uint64_t> cached{0}, run{0};
    parallel_for(n, options.jobs, [&](size_t i) {
      const auto& f = a.files[order[i]];
      auto& facts = a.facts[f.id];
      facts.sizes.raw = f.size;
      facts.compressible = f.kind != scan::FileKind::sidecar && compress::compressible_by_default(f.path);
      parse::Syntax syntax = parse::syntax_for_path(f.path);
      // A built folder is analysed as the browser sees it: TypeScript there is type
      // declarations (.d.ts) or shipped sources, never loaded by a page.
      if (syntax == parse::Syntax::typescript || syntax == parse::Syntax::tsx) syntax = parse::Syntax::none;
      if (syntax == parse::Syntax::none && !facts.compressible) {
        progress.advance();
        return;
      }
      auto content = disk.read_file(fs::join_path(root, f.path));
      if (!content) {
        diags.error(f.path, content.error());
        facts.read_failed = true;
        progress.advance();
        return;
      }
      facts.sizes.raw = content->size();
      if (syntax != parse::Syntax::none) {
        // Parse results are cached by content: a warm build reads references instead of
        // parsing again (the parse is most of a warm analysis).
        std::string key = KeyHasher().add(xxh128_hex(*content)).add(parse::syntax_name(syntax)).add(KILN_VERSION).hex();
        std::optional<parse::ParsedFile> hit;
        if (options.memo) hit = options.memo->find(key);
        if (!hit) {
          if (auto bytes = cache.get("parse", key)) hit = parse::decode_parsed(*bytes);
          ++(hit ? cached : run);
          if (!hit) {
            thread_local parse::Parser parser;
            hit = parser.parse(syntax, *content);
            if (options.store_cache) cache.put("parse", key, parse::encode_parsed(*hit));
          }
          if (options.memo) options.memo->add(key, *hit);
        }
        auto& parsed = a.parsed[f.id] = std::move(*hit);
        if (parsed.first_error) {
          std::string msg = "syntax error in " + std::string(parse::syntax_name(syntax)) + ": " +
                            parsed.first_error->message;
          if (parsed.recovered_refs)
            msg += "; " + std::to_string(parsed.recovered_refs) +
                   " references inside the damaged part, found by kiln's own scanner";
          diags.add({Severity::warning, f.path, parsed.first_error->line, parsed.first_error->column, msg});
        }
      }
      if (facts.compressible) contents[f.id] = std::move(*content);
      progress.advance();
    });
    a.parses_cached = cached;
    a.parses_run = run;
    if (run > 0) return_free_memory();  // the trees (see core/free_memory.h)
  }
  for (const auto& facts : a.facts) a.unreadable += facts.read_failed;
  for (const auto& p : a.parsed) {
    if (p.had_syntax_errors) ++a.syntax_error_files;
    a.recovered_refs += p.recovered_refs;
  }

  graph::GraphOptions graph_options = options.graph;
  bool has_page = std::any_of(a.files.begin(), a.files.end(),
                              [](const scan::FileEntry& f) { return f.kind == scan::FileKind::document; });
  if (!has_page && graph_options.entries.empty())
    graph_options.entries = package_json_entries(contents, a, diags);
  {
    auto t = perf.phase("graph");
    a.graph = graph::build_graph(a.files, a.parsed, graph_options, diags);
  }

  uint64_t hits_before = cache.hits(), misses_before = cache.misses();
  {
    auto t = perf.phase("measure");
    std::vector<size_t> todo;
    for (size_t i : order)
      if (options.measure && a.facts[a.files[i].id].compressible && !a.facts[a.files[i].id].read_failed)
        todo.push_back(i);
    compress::EncodedCache encoder(cache, options.codec, false, options.store_cache);
    Progress progress(options.progress, "measure", todo.size());
    parallel_for(todo.size(), options.jobs, [&](size_t i) {
      const auto& f = a.files[todo[i]];
      auto& facts = a.facts[f.id];
      const std::string& content = contents[f.id];
      std::string key = xxh128_hex(content);
      for (auto e : {compress::Encoding::gzip, compress::Encoding::brotli}) {
        // An up-to-date sidecar on disk is what the server sends: use it when it decodes back.
        std::string sidecar_path = fs::join_path(root, f.path + compress::encoding_extension(e));
        std::optional<std::string> sidecar;
        if (auto st = disk.stat(sidecar_path); st && st->type == fs::EntryType::file) {
          if (auto bytes = disk.read_file(sidecar_path)) sidecar = std::move(*bytes);
        }
        uint64_t size = 0;
        try {
          size = encoder.size(e, content, key, sidecar ? &*sidecar : nullptr);
        } catch (const std::exception& ex) {
          diags.error(f.path, std::string(compress::encoding_name(e)) + ": " + ex.what());
          size = content.size();
        }
        // A server sends the smaller of the two (min-ratio logic): never count more than raw.
        size = std::min<uint64_t>(size, content.size());
        (e == compress::Encoding::gzip ? facts.sizes.gzip : facts.sizes.brotli) = size;
      }
      std::string().swap(contents[f.id]);
      progress.advance();
    });
    for (auto& facts : a.facts)
      if (!facts.compressible || facts.read_failed) facts.sizes.gzip = facts.sizes.brotli = facts.sizes.raw;
  }
  a.cache_hits = cache.hits() - hits_before;  // compressed sizes only, not parse results
  a.cache_misses = cache.misses() - misses_before;
  if (options.sourcemaps) {
    auto t = perf.phase("sourcemaps");
    sourcemap::BundleInputs in{a.files, a.parsed, a.graph.ref_targets, {}, {}};
    if (options.measure)
      for (const auto& facts : a.facts) in.gzip.push_back(facts.sizes.gzip), in.brotli.push_back(facts.sizes.brotli);
    a.bundles = sourcemap::analyze_bundles(disk, root, in, {options.jobs, options.store_cache}, cache, diags);
  }
  return a;
}

std::optional<parse::ParsedFile> ParseMemo::find(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = parsed_.find(key);
  if (it == parsed_.end()) return std::nullopt;
  return it->second;
}

void ParseMemo::add(const std::string& key, const parse::ParsedFile& parsed) {
  std::lock_guard lock(mu_);
  parsed_.emplace(key, parsed);
}

}  // namespace kiln::pipeline
