#include "config/kiln_config.h"

#include "compress/codec.h"
#include "core/json_reader.h"
#include "deploy/configs.h"
#include "hash/hashed_name.h"
#include "resolve/url_resolver.h"

namespace kiln::config {

namespace {


void read_images(ObjectReader& r, BuildConfig& c) {
  r.get("enabled", c.images_enabled);
  r.get("rewriteHtml", c.images_rewrite_html);
  auto& e = c.images.encode;
  r.accept("widths");  // a list of numbers: read by the caller
  r.get("quality", e.quality, 1, 100);
  r.get("effort", e.effort, 0, 6);
  r.get("alphaQuality", e.alpha_quality, 0, 100);
  r.get("smartSubsample", e.smart_subsample);
  r.get("preset", e.preset);
  if (!image::valid_preset(e.preset)) r.error("preset", "one of default, picture, photo, drawing, icon, text");
  bool lossless = false, near_lossless = false, lossy = false;
  r.get("lossless", lossless);
  r.get("nearLossless", near_lossless);
  r.get("lossy", lossy);
  if (int(lossless) + int(near_lossless) + int(lossy) > 1)
    r.error("lossy", "at most one of lossless, nearLossless and lossy");
  if (lossless) e.mode = image::WebpMode::lossless;
  if (near_lossless) e.mode = image::WebpMode::near_lossless;
  if (lossy) e.mode = image::WebpMode::lossy;
  r.get("avif", e.avif);
  r.get("avifQuality", e.avif_quality, 1, 100);
  r.get("avifEffort", e.avif_effort, 0, 9);
  r.get_size("maxPixels", c.images.max_pixels);
  r.get("exclude", c.images.exclude);
  r.get("rasterizeSvg", c.images.rasterize_svg);
}

}  // namespace

std::string find_config(fs::Disk& disk, const std::string& dir) {
  // Walk up with relative paths ("dist/kiln.json", "dist/../kiln.json" -> "kiln.json"), so
  // messages name the file the way the user would; stop at the file system's root, where a
  // folder is its own parent.
  std::string cur = dir.empty() ? "." : dir;
  for (int depth = 0; depth < 64; ++depth) {
    std::string candidate = fs::join_path(cur, "kiln.json");
    if (auto st = disk.stat(candidate); st && st->type == fs::EntryType::file) {
      std::string path = candidate;
      if (resolve::normalize_path(path) && !path.empty() && cur.rfind("..", 0) != 0 && cur[0] != '/') return path;
      return candidate;
    }
    std::string up = cur == "." ? ".." : cur + "/..";
    auto here = disk.stat(cur), there = disk.stat(up);
    if (!here || !there || (here->device == there->device && here->inode == there->inode)) break;
    cur = up;
  }
  return "";
}

Result<BuildConfig> parse_config(const std::string& text, const std::string& file) {
  auto parsed = parse_json_text(text, file, /*comments=*/true);
  if (!parsed) return Error{parsed.error()};
  const nlohmann::json& j = *parsed;
  BuildConfig c;
  c.file = file;
  std::vector<std::string> errors;
  ObjectReader top(j, "", errors);
  top.get("dir", c.dir);
  top.get("base", c.base);
  top.get("entries", c.entries);
  top.get("exclude", c.exclude);
  top.get("assumeUsed", c.assume_used);
  top.get("failOnMissing", c.fail_on_missing);

  if (auto* s = top.object("images")) {
    ObjectReader r(*s, "images", errors);
    read_images(r, c);
    if (auto it = s->find("widths"); it != s->end()) {
      std::vector<std::string> items;
      bool ok = it->is_array();
      if (ok)
        for (const auto& w : *it) {
          if (w.is_number_unsigned()) items.push_back(std::to_string(w.get<uint64_t>()));
          else ok = false;
        }
      auto widths = ok ? image::parse_widths(items) : Result<std::vector<uint32_t>>(Error{""});
      if (widths) c.images.encode.widths = *widths;
      else r.error("widths", "a list of widths in pixels, 1 to 16383, such as [640, 1280, 1920]");
    }
    r.finish();
  }
  if (auto* s = top.object("hash")) {
    ObjectReader r(*s, "hash", errors);
    auto& h = c.hash;
    r.get("enabled", h.enabled);
    r.get("namePattern", h.name_pattern);
    r.get("hashLength", h.hash_length, 8, 64);
    r.get("hashedPattern", h.hashed_pattern);
    r.get("keep", h.keep);
    r.get("sri", h.sri);
    r.get("manifest", h.manifest);
    r.get("chunkManifest", h.chunk_manifest);
    r.get("headers", h.headers);
    // Checked here, so `kiln build` never falls back to defaults behind the user's back.
    if (auto namer = hash::HashNamer::make(h.name_pattern, size_t(h.hash_length), h.hashed_pattern); !namer)
      errors.push_back("hash: " + namer.error());
    r.finish();
  }
  if (auto* s = top.object("compress")) {
    ObjectReader r(*s, "compress", errors);
    auto& o = c.compress;
    r.get("enabled", c.compress_enabled);
    r.get("brotli", o.brotli);
    r.get("gzip", o.gzip);
    r.get("zstd", o.zstd);
    r.get_size("threshold", o.threshold);
    r.get("minRatio", o.min_ratio, 0.0, 1.0);
    r.get("include", o.include);
    r.get("exclude", o.exclude);
    r.get("brotliQuality", o.codec.brotli_quality, 0, 11);
    std::string engine = compress::gzip_engine_name(o.codec.gzip_engine);
    r.get("gzipEngine", engine);
    if (auto e = compress::parse_gzip_engine(engine)) {
      o.codec.gzip_engine = *e;
      if (*e == compress::GzipEngine::zlib) o.codec.gzip_level = 9;
    } else {
      r.error("gzipEngine", "\"zlib\", \"libdeflate\" or \"zopfli\"");
    }
    r.get("gzipLevel", o.codec.gzip_level, 1, o.codec.gzip_engine == compress::GzipEngine::zlib ? 9 : 12);
    r.get("zstdLevel", o.codec.zstd_level, 1, 22);
    r.finish();
  }
  if (auto* s = top.object("precache")) {
    ObjectReader r(*s, "precache", errors);
    auto& p = c.precache;
    r.get("enabled", p.enabled);
    r.get("globPatterns", p.options.glob_patterns);
    r.get("globIgnores", p.options.glob_ignores);
    r.get_size("maximumFileSizeToCacheInBytes", p.options.max_size);
    r.get("integrity", p.options.integrity);
    r.get("sw", p.sw);
    r.get("output", p.output);
    r.get("dontCacheBustURLsMatching", p.hashed_pattern);
    if (auto m = manifest::url_hash_matcher(p.hashed_pattern); !m)
      errors.push_back("precache.dontCacheBustURLsMatching: " + m.error());
    if (auto* m = r.object("modifyURLPrefix")) {
      for (const auto& [from, to] : m->items()) {
        if (to.is_string()) p.options.modify_url_prefix.emplace_back(from, to.get<std::string>());
        else errors.push_back("precache.modifyURLPrefix." + from + ": expected a string");
      }
    }
    if (auto it = s->find("additionalManifestEntries"); it != s->end()) {
      r.accept("additionalManifestEntries");
      if (!it->is_array()) r.error("additionalManifestEntries", "a list of URLs or {url, revision} objects");
      else
        for (size_t i = 0; i < it->size(); ++i) {
          const auto& e = (*it)[i];
          std::string at = "precache.additionalManifestEntries[" + std::to_string(i) + "]";
          if (e.is_string()) p.options.additional.emplace_back(e.get<std::string>(), std::nullopt);
          else if (e.is_object() && e.contains("url") && e["url"].is_string()) {
            std::optional<std::string> rev;
            if (e.contains("revision") && e["revision"].is_string()) rev = e["revision"].get<std::string>();
            p.options.additional.emplace_back(e["url"].get<std::string>(), rev);
          } else {
            errors.push_back(at + ": expected a URL or an object with a string \"url\"");
          }
        }
    }
    r.finish();
  }
  if (auto* s = top.object("html")) {
    ObjectReader r(*s, "html", errors);
    r.get("enabled", c.html_enabled);
    r.get("imageSizes", c.html.image_sizes);
    r.get("lazyImages", c.html.lazy_images);
    int eager = int(c.html.eager_images);
    r.get("eagerImages", eager, 0, 1000);
    c.html.eager_images = uint32_t(eager);
    r.get("fetchPriority", c.html.fetch_priority);
    r.get("modulePreload", c.html.module_preload);
    r.get("fontPreload", c.html.font_preload);
    int fonts = int(c.html.font_preloads);
    r.get("maxFontPreloads", fonts, 0, 100);
    c.html.font_preloads = uint32_t(fonts);
    r.get("warnings", c.html.warnings);
    r.finish();
  }
  if (auto* s = top.object("deploy")) {
    ObjectReader r(*s, "deploy", errors);
    auto& d = c.deploy;
    r.get("for", d.targets);
    for (size_t i = 0; i < d.targets.size(); ++i)
      if (auto t = deploy::parse_target(d.targets[i]); !t) errors.push_back("deploy.for[" + std::to_string(i) + "]: " + t.error());
    r.get("out", d.out);
    r.get("listen", d.listen);
    r.get("root", d.root);
    r.get("bucket", d.bucket);
    r.finish();
  }
  if (auto* s = top.object("cache")) {
    ObjectReader r(*s, "cache", errors);
    r.get("dir", c.cache_dir);
    r.get_size("maxSize", c.cache_max_size);
    r.get("remote", c.remote.url);
    r.get("remoteUpload", c.remote.upload);
    r.get("remoteTimeout", c.remote.timeout_s, 0.05, 600);
    r.get("remoteHeaderEnv", c.remote.header_env);
    r.finish();
  }
  if (top.has("budget")) c.budget = j["budget"];  // checked by the budget readers (budget::load_budgets)
  top.accept("budget");
  top.accept("graph");  // read by source mode (source::load_graph_config)
  top.finish();
  if (!errors.empty()) {
    std::string msg;
    for (const auto& e : errors) msg += (msg.empty() ? "" : "\n") + file + ": " + e;
    return Error{msg};
  }
  return c;
}

}  // namespace kiln::config
