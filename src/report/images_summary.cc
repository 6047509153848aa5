#include "report/images_summary.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "report/diagnostics_json.h"

#include "core/units.h"

namespace kiln::report {

using image::Format;
using image::Outcome;

ImagesTotals total_up(const image::ImagesResult& r) {
  ImagesTotals t;
  t.sources = r.images.size();
  for (const auto& img : r.images) {
    if (img.failed) ++t.failed;
    else ++t.converted;
    if (img.from_cache) ++t.from_cache;
    if (!img.format.empty()) ++t.by_format[img.format];
    for (const auto& v : img.variants) {
      if (v.removed_stale) ++t.stale_removed;
      if (v.outcome == Outcome::written) ++t.written;
      else if (v.outcome == Outcome::up_to_date) ++t.up_to_date;
      else if (v.outcome != Outcome::failed) ++t.skipped[v.outcome];
      if (image::is_kept(v.outcome)) {
        t.variant_bytes += v.bytes;
        if (v.format == Format::webp && v.requested_width == 0) {
          ++t.full_sources;
          t.full_source_bytes += img.bytes;
          t.full_webp_bytes += v.bytes;
        }
      }
    }
  }
  return t;
}

namespace {

std::string cell(const image::VariantResult& v) {
  switch (v.outcome) {
    case Outcome::written:
    case Outcome::up_to_date: return format_bytes(v.bytes);
    case Outcome::not_smaller: return "(not smaller)";
    case Outcome::would_upscale: return "-";
    case Outcome::over_limit: return "(too large)";
    case Outcome::is_source: return "(source)";
    case Outcome::unsupported: return "(n/a)";
    case Outcome::failed: return "(failed)";
  }
  return "";
}

std::string variant_label(const image::VariantResult& v) {
  std::string s = image::format_name(v.format);
  if (v.requested_width) {
    s += ' ';
    s += std::to_string(v.requested_width);
    s += 'w';
  } else {
    s += " full";
  }
  return s;
}

}  // namespace

void print_images_text(std::ostream& out, const image::ImagesResult& r, size_t largest) {
  ImagesTotals t = total_up(r);
  char line[512];
  out << "kiln images" << (r.dry_run ? " (dry run: nothing written)" : "") << "\n\n";

  std::vector<const image::ImageResult*> by_size;
  for (const auto& img : r.images)
    if (!img.failed) by_size.push_back(&img);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [](auto* a, auto* b) { return a->bytes > b->bytes; });
  if (by_size.size() > largest) by_size.resize(largest);
  if (!by_size.empty()) {
    out << "  largest images\n";
    std::snprintf(line, sizeof line, "  %12s %11s", "source", "size");
    out << line;
    for (const auto& v : by_size.front()->variants) {
      std::snprintf(line, sizeof line, " %14s", variant_label(v).c_str());
      out << line;
    }
    out << "  path\n";
    for (const auto* img : by_size) {
      std::string dims = std::to_string(img->width);
      dims += 'x';
      dims += std::to_string(img->height);
      std::snprintf(line, sizeof line, "  %12s %11s", format_bytes(img->bytes).c_str(),
                    dims.c_str());
      out << line;
      for (const auto& v : img->variants) {
        std::snprintf(line, sizeof line, " %14s", cell(v).c_str());
        out << line;
      }
      out << "  " << img->path << (img->frames > 1 ? "  (" + std::to_string(img->frames) + " frames)" : "")
          << '\n';
    }
  }

  // The skips people act on; "would upscale" is expected for small images and only counted.
  size_t listed = 0, unlisted = 0;
  for (const auto& img : r.images)
    for (const auto& v : img.variants) {
      if (v.outcome != Outcome::not_smaller && v.outcome != Outcome::over_limit &&
          v.outcome != Outcome::unsupported)
        continue;
      if (listed == 0) out << "\n  not made\n";
      if (listed++ < 20) out << "    " << v.path << ": " << v.reason << '\n';
      else ++unlisted;
    }
  if (unlisted) out << "    ... and " << unlisted << " more (see --format json)\n";

  std::string formats;
  for (const auto& [name, n] : t.by_format)
  {
    if (!formats.empty()) formats += ", ";
    formats += std::to_string(n);
    formats += ' ';
    formats += name;
  }
  out << '\n'
      << "  " << r.files_seen << " files seen: " << t.sources << " images to convert"
      << (formats.empty() ? "" : " (" + formats + ")") << ", " << r.svg_left
      << " SVG left alone, " << r.other_images << " other images not converted, "
      << r.outputs_seen << " variants from earlier runs";
  if (r.excluded) out << ", " << r.excluded << " excluded";
  out << "\n  " << t.converted << " converted (" << t.from_cache
      << " from the cache, no conversion work), " << t.failed << " failed\n";
  out << "  " << t.written << " variants " << (r.dry_run ? "would be written" : "written") << ", "
      << t.up_to_date << " already up to date; not made:";
  const std::pair<Outcome, const char*> kinds[] = {{Outcome::not_smaller, "not smaller"},
                                                   {Outcome::would_upscale, "would upscale"},
                                                   {Outcome::over_limit, "over the size limit"},
                                                   {Outcome::is_source, "the WebP source itself"},
                                                   {Outcome::unsupported, "unsupported"}};
  bool first = true;
  for (const auto& [o, name] : kinds) {
    auto it = t.skipped.find(o);
    if (it == t.skipped.end()) continue;
    out << (first ? " " : ", ") << it->second << " " << name;
    first = false;
  }
  if (first) out << " none";
  out << "; " << t.stale_removed << " stale " << (r.dry_run ? "would be removed" : "removed")
      << '\n';
  if (t.full_sources) {
    double ratio = double(t.full_webp_bytes) / double(t.full_source_bytes);
    out << "  full-size WebP: " << format_bytes(t.full_source_bytes) << " -> "
        << format_bytes(t.full_webp_bytes) << " (" << format_percent(1.0 - ratio)
        << " saved) over " << t.full_sources << " images; all variants "
        << format_bytes(t.variant_bytes) << '\n';
  }
  if (!r.avif_unavailable.empty()) out << "  AVIF not written: " << r.avif_unavailable << '\n';
  if (r.html)
    out << "  --rewrite-html: " << r.html->pictures << " <img> tags " << (r.html->dry_run ? "would become" : "became")
        << " <picture> in " << r.html->pages << " pages\n";
}

nlohmann::json images_json(const image::ImagesResult& r, const image::ImageOptions& options,
                           const Diagnostics& diags) {
  using nlohmann::json;
  ImagesTotals t = total_up(r);
  const auto& s = options.encode;
  json j;
  j["kiln"] = KILN_VERSION;
  j["schema"] = "kiln.images/1";
  j["dryRun"] = r.dry_run;
  j["rewriteHtml"] = r.html ? json{{"pictures", r.html->pictures}, {"pages", r.html->pages}} : json();
  j["settings"] = {{"widths", s.widths},
                   {"webp", {{"mode", image::webp_mode_name(s.mode)},
                             {"quality", s.quality},
                             {"effort", s.effort},
                             {"alphaQuality", s.alpha_quality},
                             {"smartSubsample", s.smart_subsample},
                             {"preset", s.preset}}},
                   {"avif", s.avif ? json{{"quality", s.avif_quality}, {"effort", s.avif_effort},
                                          {"available", r.avif_unavailable.empty()}}
                                   : json()},
                   {"maxPixels", options.max_pixels}};
  json images = json::array();
  for (const auto& img : r.images) {
    json ji = {{"path", img.path}, {"bytes", img.bytes}};
    if (img.failed) ji["failed"] = true;
    if (!img.format.empty()) {
      ji["format"] = img.format;
      ji["width"] = img.width;
      ji["height"] = img.height;
      ji["frames"] = img.frames;
      ji["alpha"] = img.alpha;
    }
    if (img.from_cache) ji["fromCache"] = true;
    json vs = json::array();
    for (const auto& v : img.variants) {
      json jv = {{"path", v.path},
                 {"format", image::format_name(v.format)},
                 {"requestedWidth", v.requested_width ? json(v.requested_width) : json()},
                 {"outcome", image::outcome_name(v.outcome)}};
      if (v.width) {
        jv["width"] = v.width;
        jv["height"] = v.height;
      }
      if (v.bytes) jv["bytes"] = v.bytes;
      if (!v.mode.empty()) jv["mode"] = v.mode;
      if (!v.reason.empty()) jv["reason"] = v.reason;
      if (v.removed_stale) jv["removedStale"] = true;
      vs.push_back(jv);
    }
    ji["variants"] = vs;
    images.push_back(ji);
  }
  j["images"] = images;
  json skipped = json::object();
  for (const auto& [o, n] : t.skipped) skipped[image::outcome_name(o)] = n;
  j["counts"] = {{"filesSeen", r.files_seen},       {"images", t.sources},
                 {"converted", t.converted},        {"failed", t.failed},
                 {"fromCache", t.from_cache},       {"svgLeftAlone", r.svg_left},
                 {"otherImages", r.other_images},   {"earlierVariants", r.outputs_seen},
                 {"excluded", r.excluded},          {"variantsWritten", t.written},
                 {"variantsUpToDate", t.up_to_date}, {"skipped", skipped},
                 {"staleRemoved", t.stale_removed}};
  j["totals"] = {{"fullSizeSourceBytes", t.full_source_bytes},
                 {"fullSizeWebpBytes", t.full_webp_bytes},
                 {"variantBytes", t.variant_bytes}};
  if (!r.avif_unavailable.empty()) j["avifUnavailable"] = r.avif_unavailable;
  j["diagnostics"] = diagnostics_json(diags);
  return j;
}

}  // namespace kiln::report
