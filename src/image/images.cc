#include "image/images.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "core/digest.h"
#include "core/glob.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "hash/hashed_name.h"
#include "image/converter.h"
#include "image/vips_runtime.h"

namespace kiln::image {

namespace {

constexpr std::string_view kCacheNamespace = "images";

std::string lower_ext(const std::string& path) {
  char buf[16];
  return std::string(scan::extension_of(path, buf, sizeof buf));
}

// "img/hero.png" -> "img/hero" (folder and stem, without the extension).
std::string stem_of(const std::string& path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path;
  return path.substr(0, dot);
}

// "img/hero-640w" -> "img/hero"; empty when the stem has no "-<digits>w" suffix.
std::string width_base(const std::string& stem) {
  if (stem.size() < 3 || stem.back() != 'w') return "";
  size_t i = stem.size() - 1;
  size_t digits_end = i;
  while (i > 0 && stem[i - 1] >= '0' && stem[i - 1] <= '9') --i;
  if (i == digits_end || i < 2 || stem[i - 1] != '-') return "";
  return stem.substr(0, i - 1);
}

struct Job {
  fs::Disk& disk;
  const std::string& root;
  const ImageOptions& opt;
  const std::string& settings_key;
  cache::ContentCache& cache;
  Diagnostics& diags;
  // Variants an earlier build renamed, by the name they had before it: "img/photo-640w.webp"
  // -> "img/photo-640w-9b8e77d0.webp". A hashed source's variants are looked up here.
  const std::map<std::string, std::string>& earlier;
  const std::set<std::string>& shared;  // unhashed stems of two or more sources: not looked up

  std::string path_of(const std::string& source, Format f, uint32_t requested_width) const {
    std::string own = variant_path(source, f, requested_width);
    std::string unhashed = hash::without_hash(source);
    if (unhashed == source || shared.count(stem_of(unhashed))) return own;
    auto it = earlier.find(variant_path(unhashed, f, requested_width));
    return it == earlier.end() ? own : it->second;
  }

  // Removes `rel` (a derived name) if it exists; true when something was (or would be) removed.
  bool remove_stale(const std::string& source, const std::string& rel) {
    std::string abs = fs::join_path(root, rel);
    auto st = disk.stat(abs);
    if (!st || st->type != fs::EntryType::file) return false;
    if (opt.dry_run) return true;
    if (auto s = disk.remove_file(abs); !s) {
      diags.error(source, rel + ": " + s.error());
      return false;
    }
    return true;
  }

  std::optional<Conversion> convert(const scan::FileEntry& file, std::string_view content,
                                    bool source_is_webp, ImageResult& out) {
    std::string key = KeyHasher()
                          .add(xxh128_hex(content))
                          .add(settings_key)
                          .add(source_is_webp ? "webp-source" : "")
                          // an SVG's variants over --max-pixels are skipped in the result
                          .add(std::to_string(opt.max_pixels))
                          .add(KILN_VERSION)
                          .add(vips_version_string())
                          .hex();
    if (!opt.force) {
      if (auto hit = cache.get(kCacheNamespace, key)) {
        if (auto c = deserialize(*hit)) {
          out.from_cache = true;
          return std::move(*c);
        }
      }
    }
    auto c = convert_image(content, opt, source_is_webp);
    if (!c) {
      diags.error(file.path, c.error());
      return std::nullopt;
    }
    if (!opt.dry_run) cache.put(kCacheNamespace, key, serialize(*c));
    return std::move(*c);
  }

  void run(const scan::FileEntry& file, ImageResult& out) {
    out.path = file.path;
    auto content = disk.read_file(fs::join_path(root, file.path));
    if (!content) {
      diags.error(file.path, content.error());
      out.failed = true;
      return;
    }
    out.bytes = content->size();
    auto conv = convert(file, *content, lower_ext(file.path) == "webp", out);
    if (!conv) {
      out.failed = true;
      return;
    }
    out.format = conv->format;
    out.width = conv->width;
    out.height = conv->height;
    out.frames = conv->frames;
    out.alpha = conv->alpha;
    for (auto& v : conv->variants) {
      VariantResult r;
      r.path = path_of(file.path, v.format, v.requested_width);
      r.format = v.format;
      r.requested_width = v.requested_width;
      r.width = v.width;
      r.height = v.height;
      r.bytes = v.bytes;
      r.mode = v.mode;
      if (!v.keep) {
        r.outcome = v.skip;
        r.reason = v.reason;
        if (v.skip == Outcome::over_limit)
          diags.warning(file.path, std::string(format_name(v.format)) + " " +
                                       (v.requested_width ? std::to_string(v.requested_width) + "w"
                                                          : std::string("full size")) +
                                       " not made: " + v.reason);
        if (v.skip != Outcome::is_source) r.removed_stale = remove_stale(file.path, r.path);
      } else {
        std::string abs = fs::join_path(root, r.path);
        auto st = disk.stat(abs);
        if (st && st->type == fs::EntryType::file && st->size == v.data.size()) {
          auto existing = disk.read_file(abs);
          if (existing && *existing == v.data) r.outcome = Outcome::up_to_date;
        }
        if (r.outcome != Outcome::up_to_date) {
          r.outcome = Outcome::written;
          if (!opt.dry_run) {
            if (auto s = disk.write_file(abs, v.data); !s) {
              diags.error(r.path, s.error());
              r.outcome = Outcome::failed;
              out.failed = true;
            }
          }
        }
      }
      out.variants.push_back(std::move(r));
    }
  }
};

}  // namespace

bool is_convertible(const std::string& path, bool svg) {
  std::string ext = lower_ext(path);
  if (svg && ext == "svg") return true;
  for (const char* t : {"png", "jpg", "jpeg", "gif", "webp", "tif", "tiff"})
    if (ext == t) return true;
  return false;
}

ImagesResult convert_images(fs::Disk& disk, const std::string& root,
                            const std::vector<scan::FileEntry>& files, const ImageOptions& options,
                            cache::ContentCache& cache, Diagnostics& diags) {
  ImagesResult result;
  result.dry_run = options.dry_run;
  result.files_seen = files.size();
  ImageOptions opt = options;
  if (opt.encode.avif) {
    result.avif_unavailable = avif_unavailable_reason();
    if (!result.avif_unavailable.empty()) {
      diags.warning("", "--avif: no AVIF written: " + result.avif_unavailable);
      opt.encode.avif = false;
    }
  }

  // Which WebP/AVIF files are kiln's own variants: "x.webp" beside a non-WebP source "x.*",
  // "x-<N>w.webp" beside any source "x.*", "x.avif" beside any source "x.*". They are outputs,
  // never sources, so a re-run does not convert its own output. After `kiln hash` both sides
  // may carry hashes ("x-1a2b3c4d.jpg", "x-640w-9b8e77d0.webp"): they are compared without.
  std::set<std::string> stems, non_webp_stems;
  for (const auto& f : files) {
    if (!is_convertible(f.path, opt.rasterize_svg)) continue;
    for (const auto& name : {f.path, hash::without_hash(f.path)}) {
      stems.insert(stem_of(name));
      if (lower_ext(f.path) != "webp") non_webp_stems.insert(stem_of(name));
    }
  }
  auto is_output_name = [&](const std::string& path, const std::string& ext) {
    std::string stem = stem_of(path);
    std::string base = width_base(stem);
    if (!base.empty() && stems.count(base)) return true;
    return ext == "webp" ? non_webp_stems.count(stem) > 0 : stems.count(stem) > 0;
  };
  std::map<std::string, std::string> earlier;
  std::set<std::string> ambiguous;  // two hashed files with one earlier name: neither is used
  auto is_output = [&](const scan::FileEntry& f) {
    std::string ext = lower_ext(f.path);
    if (ext != "webp" && ext != "avif") return false;
    std::string unhashed = hash::without_hash(f.path);
    bool earlier_output = unhashed != f.path && is_output_name(unhashed, ext);
    if (earlier_output && !earlier.emplace(unhashed, f.path).second) ambiguous.insert(unhashed);
    return earlier_output || is_output_name(f.path, ext);
  };

  GlobSet exclude(opt.exclude);
  std::vector<const scan::FileEntry*> selected;
  for (const auto& f : files) {
    if (f.kind != scan::FileKind::image) continue;
    if (is_output(f)) {
      ++result.outputs_seen;
    } else if (lower_ext(f.path) == "svg" && !opt.rasterize_svg) {
      ++result.svg_left;
    } else if (!is_convertible(f.path, opt.rasterize_svg)) {
      ++result.other_images;
    } else if (!exclude.empty() && exclude.matches(f.path)) {
      ++result.excluded;
    } else {
      selected.push_back(&f);
    }
  }

  for (const auto& name : ambiguous) earlier.erase(name);

  // Two sources with one stem ("hero.png", "hero.jpg") would write the same variants: the
  // first in path order keeps them, the other fails with a message.
  std::vector<const scan::FileEntry*> sources;
  std::map<std::string, std::string> owner;
  std::vector<Format> formats = {Format::webp};
  if (opt.encode.avif) formats.push_back(Format::avif);
  for (const auto* f : selected) {
    std::vector<std::string> names;
    for (Format fmt : formats) {
      names.push_back(variant_path(f->path, fmt, 0));
      for (uint32_t w : opt.encode.widths) names.push_back(variant_path(f->path, fmt, w));
    }
    std::string clash;
    for (const auto& n : names)
      if (auto it = owner.find(n); it != owner.end()) clash = it->second;
    if (!clash.empty()) {
      diags.error(f->path, "its variants would overwrite those of " + clash +
                               " (same name without extension): not converted; rename one");
      ImageResult failed;
      failed.path = f->path;
      failed.bytes = f->size;
      failed.failed = true;
      result.images.push_back(std::move(failed));
      continue;
    }
    for (const auto& n : names) owner.emplace(n, f->path);
    sources.push_back(f);
  }

  // Two hashed sources may have had one name ("index-1a2b3c4d.png", "index-5e6f7a8b.png"):
  // their earlier variants cannot be told apart, so neither looks them up.
  std::map<std::string, int> sources_by_stem;
  for (const auto* f : sources) ++sources_by_stem[stem_of(hash::without_hash(f->path))];
  std::set<std::string> shared;
  for (const auto& [stem, count] : sources_by_stem)
    if (count > 1) shared.insert(stem);

  // Largest first, so the long conversions start early and the cores finish together.
  std::vector<size_t> order(sources.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return sources[a]->size > sources[b]->size; });

  size_t base = result.images.size();
  result.images.resize(base + sources.size());
  std::string settings_key = opt.encode.describe();
  uint64_t hits_before = cache.hits(), misses_before = cache.misses();  // the cache is shared
  Progress progress(opt.progress, "images", sources.size());
  Job job{disk, root, opt, settings_key, cache, diags, earlier, shared};
  parallel_for(order.size(), opt.jobs, [&](size_t i) {
    size_t slot = order[i];
    job.run(*sources[slot], result.images[base + slot]);
    progress.advance();
  });
  progress.finish();
  std::sort(result.images.begin(), result.images.end(),
            [](const ImageResult& a, const ImageResult& b) { return a.path < b.path; });
  result.cache_hits = cache.hits() - hits_before;
  result.cache_misses = cache.misses() - misses_before;
  return result;
}

}  // namespace kiln::image
