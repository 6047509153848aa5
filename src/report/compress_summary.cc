#include "report/compress_summary.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "report/diagnostics_json.h"

#include "core/units.h"

namespace kiln::report {

using compress::Encoding;
using compress::Outcome;

CompressTotals total_up(const compress::CompressResult& r) {
  CompressTotals t;
  t.selected = r.files.size();
  for (const auto& f : r.files) {
    if (f.failed) ++t.failed;
    bool any = false, small = false, not_smaller = false, cached = false;
    for (Encoding e : compress::kEncodings) {
      const auto& er = f[e];
      auto& pe = t.enc[static_cast<size_t>(e)];
      if (er.removed_stale) ++t.stale_removed;
      if (er.from_cache) cached = true;
      switch (er.outcome) {
        case Outcome::written:
        case Outcome::up_to_date:
          any = true;
          ++pe.files;
          pe.bytes_in += f.raw;
          pe.bytes_out += er.bytes;
          if (er.outcome == Outcome::written) ++pe.written, ++t.written;
          else ++pe.up_to_date, ++t.up_to_date;
          break;
        case Outcome::below_threshold: small = true; break;
        case Outcome::not_smaller: not_smaller = true; break;
        default: break;
      }
    }
    if (any) ++t.compressed;
    else if (small) ++t.below_threshold;
    else if (not_smaller) ++t.not_smaller;
    if (cached) ++t.from_cache;
  }
  return t;
}

namespace {

bool enabled(const compress::CompressOptions& o, Encoding e) {
  return e == Encoding::brotli ? o.brotli : e == Encoding::gzip ? o.gzip : o.zstd;
}

std::string size_cell(const compress::FileResult& f, Encoding e) {
  const auto& er = f[e];
  switch (er.outcome) {
    case Outcome::written:
    case Outcome::up_to_date: return format_bytes(er.bytes);
    case Outcome::not_smaller: return "(not smaller)";
    case Outcome::below_threshold: return "(small)";
    case Outcome::failed: return "(failed)";
    case Outcome::disabled: return "";
  }
  return "";
}

}  // namespace

void print_compress_text(std::ostream& out, const compress::CompressResult& r,
                         const compress::CompressOptions& options, size_t largest) {
  CompressTotals t = total_up(r);
  char line[256];
  out << "kiln compress" << (r.dry_run ? " (dry run: nothing written)" : "") << "\n\n";
  std::snprintf(line, sizeof line, "  %-10s %14s %14s %8s %9s %12s\n", "encoding", "bytes in",
                "bytes out", "ratio", "written", "up-to-date");
  out << line;
  for (Encoding e : compress::kEncodings) {
    if (!enabled(options, e)) continue;
    const auto& pe = t.enc[static_cast<size_t>(e)];
    double ratio = pe.bytes_in ? double(pe.bytes_out) / double(pe.bytes_in) : 0.0;
    std::snprintf(line, sizeof line, "  %-10s %14s %14s %8s %9llu %12llu\n",
                  compress::encoding_name(e), format_bytes(pe.bytes_in).c_str(),
                  format_bytes(pe.bytes_out).c_str(), format_percent(ratio).c_str(),
                  static_cast<unsigned long long>(pe.written),
                  static_cast<unsigned long long>(pe.up_to_date));
    out << line;
  }

  std::vector<const compress::FileResult*> by_size;
  for (const auto& f : r.files)
    if (!f.failed) by_size.push_back(&f);
  std::stable_sort(by_size.begin(), by_size.end(),
                   [](auto* a, auto* b) { return a->raw > b->raw; });
  if (by_size.size() > largest) by_size.resize(largest);
  if (!by_size.empty()) {
    out << "\n  largest files\n";
    std::snprintf(line, sizeof line, "  %12s", "raw");
    out << line;
    for (Encoding e : compress::kEncodings) {
      if (!enabled(options, e)) continue;
      std::snprintf(line, sizeof line, " %14s", compress::encoding_name(e));
      out << line;
    }
    out << "  path\n";
    for (const auto* f : by_size) {
      std::snprintf(line, sizeof line, "  %12s", format_bytes(f->raw).c_str());
      out << line;
      for (Encoding e : compress::kEncodings) {
        if (!enabled(options, e)) continue;
        std::snprintf(line, sizeof line, " %14s", size_cell(*f, e).c_str());
        out << line;
      }
      out << "  " << f->path << '\n';
    }
  }

  out << '\n'
      << "  " << r.files_seen << " files seen: " << t.selected << " compressible, "
      << r.not_selected << " of other types, " << r.sidecars_seen << " existing sidecars\n"
      << "  " << t.compressed << " compressed, " << t.below_threshold << " below the "
      << with_thousands(options.threshold) << " B threshold, " << t.not_smaller
      << " not smaller than " << format_percent(options.min_ratio) << " of the original, "
      << t.failed << " failed\n"
      << "  " << t.written << " sidecars " << (r.dry_run ? "would be written" : "written") << ", "
      << t.up_to_date << " already up to date, " << t.stale_removed << " stale "
      << (r.dry_run ? "would be removed" : "removed") << "; " << t.from_cache
      << " files from the cache (no compression work)\n";
}

nlohmann::json compress_json(const compress::CompressResult& r,
                             const compress::CompressOptions& options, const Diagnostics& diags) {
  using nlohmann::json;
  CompressTotals t = total_up(r);
  json j;
  j["kiln"] = KILN_VERSION;
  j["schema"] = "kiln.compress/1";
  j["dryRun"] = r.dry_run;
  j["settings"] = {{"threshold", options.threshold},
                   {"minRatio", options.min_ratio},
                   {"brotli", options.brotli ? json(options.codec.describe(Encoding::brotli)) : json()},
                   {"gzip", options.gzip ? json(options.codec.describe(Encoding::gzip)) : json()},
                   {"zstd", options.zstd ? json(options.codec.describe(Encoding::zstd)) : json()}};
  json files = json::array();
  for (const auto& f : r.files) {
    json jf = {{"path", f.path}, {"raw", f.raw}};
    for (Encoding e : compress::kEncodings) {
      const auto& er = f[e];
      if (er.outcome == Outcome::disabled && !er.removed_stale) continue;
      json je = {{"outcome", compress::outcome_name(er.outcome)}};
      if (er.bytes) je["bytes"] = er.bytes;
      if (er.from_cache) je["fromCache"] = true;
      if (er.removed_stale) je["removedStale"] = true;
      jf[compress::encoding_name(e)] = je;
    }
    if (f.failed) jf["failed"] = true;
    files.push_back(jf);
  }
  j["files"] = files;
  json totals = json::object();
  for (Encoding e : compress::kEncodings) {
    if (!enabled(options, e)) continue;
    const auto& pe = t.enc[static_cast<size_t>(e)];
    totals[compress::encoding_name(e)] = {{"files", pe.files},       {"bytesIn", pe.bytes_in},
                                          {"bytesOut", pe.bytes_out}, {"written", pe.written},
                                          {"upToDate", pe.up_to_date}};
  }
  j["totals"] = totals;
  j["counts"] = {{"filesSeen", r.files_seen},         {"compressible", t.selected},
                 {"otherTypes", r.not_selected},      {"existingSidecars", r.sidecars_seen},
                 {"compressed", t.compressed},        {"belowThreshold", t.below_threshold},
                 {"notSmaller", t.not_smaller},       {"failed", t.failed},
                 {"sidecarsWritten", t.written},      {"sidecarsUpToDate", t.up_to_date},
                 {"staleRemoved", t.stale_removed},   {"filesFromCache", t.from_cache}};
  j["diagnostics"] = diagnostics_json(diags);
  return j;
}

}  // namespace kiln::report
