#include "compress/compressor.h"

#include <algorithm>
#include <exception>
#include <numeric>

#include "compress/encoded_cache.h"
#include "core/digest.h"
#include "core/glob.h"
#include "core/parallel.h"
#include "core/progress.h"

namespace kiln::compress {

bool compressible_by_default(const std::string& path) {
  static const char* const kTypes[] = {
      "js", "mjs", "cjs", "css", "html", "htm", "xhtml", "svg", "json", "jsonld", "xml", "rss",
      "atom", "txt", "md", "csv", "tsv", "wasm", "webmanifest", "ico", "bmp", "ttf", "otf", "eot",
      "ics", "vtt", "glsl", "wgsl", "yaml", "yml"};
  char buf[16];
  std::string_view ext = scan::extension_of(path, buf, sizeof buf);
  for (const char* t : kTypes)
    if (ext == t) return true;
  return false;
}

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::written: return "written";
    case Outcome::up_to_date: return "up-to-date";
    case Outcome::not_smaller: return "not-smaller";
    case Outcome::below_threshold: return "below-threshold";
    case Outcome::disabled: return "disabled";
    case Outcome::failed: return "failed";
  }
  return "?";
}

namespace {

struct Job {
  fs::Disk& disk;
  const std::string& root;
  const CompressOptions& opt;
  EncodedCache& encoder;
  Diagnostics& diags;

  bool enabled(Encoding e) const {
    switch (e) {
      case Encoding::brotli: return opt.brotli;
      case Encoding::gzip: return opt.gzip;
      case Encoding::zstd: return opt.zstd;
    }
    return false;
  }

  // Removes `sidecar` if it exists; true when something was (or would be) removed.
  bool remove_stale(const std::string& rel, const std::string& sidecar) {
    auto st = disk.stat(sidecar);
    if (!st || st->type != fs::EntryType::file) return false;
    if (opt.dry_run) return true;
    if (auto s = disk.remove_file(sidecar); !s) {
      diags.error(rel, s.error());
      return false;
    }
    return true;
  }

  // A sidecar of an encoding that was not selected is left alone while it still decodes to
  // the file's bytes; one that no longer matches would be served stale, so it goes.
  bool remove_if_stale_other(const std::string& rel, const std::string& sidecar, Encoding e,
                             std::string_view content) {
    auto existing = disk.read_file(sidecar);
    if (!existing) return false;
    auto decoded = decode(e, *existing);
    if (decoded && *decoded == content) return false;
    return remove_stale(rel, sidecar);
  }

  void run(const scan::FileEntry& file, FileResult& out) {
    out.path = file.path;
    std::string abs = fs::join_path(root, file.path);
    auto content = disk.read_file(abs);
    if (!content) {
      diags.error(file.path, content.error());
      out.failed = true;
      return;
    }
    out.raw = content->size();
    std::string content_key;
    for (Encoding e : kEncodings) {
      EncodingResult& r = out[e];
      std::string sidecar = abs + encoding_extension(e);
      if (!enabled(e)) {
        r.outcome = Outcome::disabled;
        r.removed_stale = remove_if_stale_other(file.path, sidecar, e, *content);
        continue;
      }
      if (content->size() < opt.threshold) {
        r.outcome = Outcome::below_threshold;
        r.removed_stale = remove_stale(file.path, sidecar);
        continue;
      }
      if (content_key.empty()) content_key = xxh128_hex(*content);
      std::string encoded;
      try {
        Encoded got = encoder.get(e, *content, content_key);
        encoded = std::move(got.bytes);
        r.from_cache = got.from_cache;
      } catch (const std::exception& ex) {
        diags.error(file.path, std::string(encoding_name(e)) + ": " + ex.what());
        r.outcome = Outcome::failed;
        out.failed = true;
        continue;
      }
      r.bytes = encoded.size();
      if (double(encoded.size()) > opt.min_ratio * double(content->size())) {
        r.outcome = Outcome::not_smaller;
        r.removed_stale = remove_stale(file.path, sidecar);
        continue;
      }
      auto existing = disk.read_file(sidecar);
      if (existing && *existing == encoded) {
        r.outcome = Outcome::up_to_date;
        continue;
      }
      r.outcome = Outcome::written;
      if (opt.dry_run) continue;
      if (auto s = disk.write_file(sidecar, encoded); !s) {
        diags.error(file.path + encoding_extension(e), s.error());
        r.outcome = Outcome::failed;
        out.failed = true;
      }
    }
  }
};

}  // namespace

CompressResult compress_files(fs::Disk& disk, const std::string& root,
                              const std::vector<scan::FileEntry>& files,
                              const CompressOptions& options, cache::ContentCache& cache,
                              Diagnostics& diags) {
  CompressResult result;
  result.dry_run = options.dry_run;
  result.files_seen = files.size();
  GlobSet include(options.include), exclude(options.exclude);

  std::vector<const scan::FileEntry*> selected;
  for (const auto& f : files) {
    if (f.kind == scan::FileKind::sidecar) {
      ++result.sidecars_seen;  // never compressed again, whatever the globs say
      continue;
    }
    bool wanted = (compressible_by_default(f.path) && f.kind != scan::FileKind::sourcemap) ||
                  (!include.empty() && include.matches(f.path));
    if (wanted && !exclude.empty() && exclude.matches(f.path)) wanted = false;
    if (wanted) selected.push_back(&f);
    else ++result.not_selected;
  }

  // Largest first, so the long brotli jobs start early and the cores finish together.
  std::vector<size_t> order(selected.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return selected[a]->size > selected[b]->size; });

  result.files.resize(selected.size());
  uint64_t hits_before = cache.hits(), misses_before = cache.misses();
  Progress progress(options.progress, "compress", selected.size());
  EncodedCache encoder(cache, options.codec, options.force, !options.dry_run);
  Job job{disk, root, options, encoder, diags};
  parallel_for(order.size(), options.jobs, [&](size_t i) {
    size_t slot = order[i];
    job.run(*selected[slot], result.files[slot]);
    progress.advance();
  });
  progress.finish();
  result.cache_hits = cache.hits() - hits_before;
  result.cache_misses = cache.misses() - misses_before;
  return result;
}

}  // namespace kiln::compress
