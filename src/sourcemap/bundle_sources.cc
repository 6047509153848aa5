#include "sourcemap/bundle_sources.h"

#include <optional>

#include "core/digest.h"
#include "resolve/url_resolver.h"
#include "core/parallel.h"
#include "sourcemap/attribution.h"
#include "sourcemap/compressed_split.h"
#include "sourcemap/sme_key.h"
#include "sourcemap/source_name.h"

namespace kiln::sourcemap {

namespace {

// Where a file's map is: the last sourceMappingURL reference (resolved by the graph, or a
// data: URI), else NAME.map beside it.
struct MapPlace {
  MapOrigin origin = MapOrigin::external;
  scan::FileId map_file = 0;
  std::string data_uri;
};

// Without parse results (--format source-map-explorer): the comment source-map-explorer
// itself would read, resolved against the file's folder.
std::optional<MapPlace> locate_by_comment(const BundleInputs& in, scan::FileId id, std::string_view content) {
  if (auto c = find_map_comment(content)) {
    std::string_view text = content.substr(c->begin, c->end - c->begin);
    size_t eq = text.find('=');
    std::string_view url = text.substr(eq + 1);
    if (text.substr(0, 2) == "/*" && url.size() >= 2) url.remove_suffix(2);
    while (!url.empty() && (url.back() == ' ' || url.back() == '\t')) url.remove_suffix(1);
    if (url.substr(0, 5) == "data:") return MapPlace{MapOrigin::inline_data, 0, std::string(url)};
    std::string target(url.substr(0, url.find_first_of("?#")));
    target = resolve::percent_decode(target);
    const auto& path = in.files[id].path;
    size_t slash = path.rfind('/');
    if (target.empty() || target[0] != '/') target = (slash == std::string::npos ? "" : path.substr(0, slash + 1)) + target;
    if (resolve::normalize_path(target))
      if (auto t = scan::find_file(in.files, target)) return MapPlace{MapOrigin::external, *t, {}};
    return std::nullopt;
  }
  if (auto beside = scan::find_file(in.files, in.files[id].path + ".map"))
    return MapPlace{MapOrigin::beside, *beside, {}};
  return std::nullopt;
}

std::optional<MapPlace> locate(const BundleInputs& in, scan::FileId id) {
  if (in.parsed.empty()) return MapPlace{};  // decided by locate_by_comment once the file is read
  const auto& refs = in.parsed[id].refs;
  for (size_t i = refs.size(); i-- > 0;) {
    if (refs[i].kind != parse::RefKind::source_map) continue;
    if (refs[i].specifier.rfind("data:", 0) == 0) return MapPlace{MapOrigin::inline_data, 0, refs[i].specifier};
    if (id < in.ref_targets.size() && i < in.ref_targets[id].size()) {
      scan::FileId t = in.ref_targets[id][i];
      if (t != ~scan::FileId{0}) return MapPlace{MapOrigin::external, t, {}};
    }
    return std::nullopt;  // named but missing or outside the folder: the graph reports it
  }
  if (auto beside = scan::find_file(in.files, in.files[id].path + ".map"))
    return MapPlace{MapOrigin::beside, *beside, {}};
  return std::nullopt;
}

BundleSources attribute_file(std::string_view content, std::string_view map_text, uint64_t real_gzip,
                             uint64_t real_brotli, bool compressed) {
  BundleSources b;
  b.total = content.size();
  auto map = parse_source_map(map_text);
  if (!map) {
    b.error = map.error();
    b.unmapped.raw = b.total;
    return b;
  }
  sort_segments(map->segments);
  Attribution a = attribute(content, *map);
  if (a.mismatch) b.mismatch = *a.mismatch;
  b.mapped = a.mapped;
  b.past_line_end = a.past_line_end;
  b.mixed_eols = a.mixed_eols;
  b.unmapped.raw = a.unmapped;
  b.eol.raw = a.eol;
  b.comment.raw = a.comment;
  BucketIndex ix{map->sources.size()};
  std::optional<CompressedSplit> split;
  if (compressed) {
    split = split_compressed(bucket_bytes(content, a, ix), real_gzip, real_brotli);
    b.compressed = true;
    b.gzip_alone = split->gzip_alone;
    b.brotli_alone = split->brotli_alone;
    b.unmapped.gzip = split->gzip[ix.unmapped()], b.unmapped.brotli = split->brotli[ix.unmapped()];
    b.eol.gzip = split->gzip[ix.eol()], b.eol.brotli = split->brotli[ix.eol()];
    b.comment.gzip = split->gzip[ix.comment()], b.comment.brotli = split->brotli[ix.comment()];
  }
  for (int32_t s : a.order) {
    SourceEntry e;
    size_t bucket = s == kNoSource ? ix.no_source() : static_cast<size_t>(s);
    if (s == kNoSource) {
      e.no_source = true;
      e.sme_key = "[no source]";
      e.path = "[no source]";
      e.runtime = true;
      e.bytes.raw = a.no_source;
    } else {
      e.sme_key = sme_source_key(map->sources[s], map->source_roots[s]);
      SourceName n = normalize_source(map->sources[s], map->source_roots[s]);
      e.path = std::move(n.path), e.package = std::move(n.package), e.version = std::move(n.version);
      e.runtime = n.runtime;
      e.ignored = map->ignored[s];
      e.bytes.raw = a.by_source[s];
    }
    if (split) e.bytes.gzip = split->gzip[bucket], e.bytes.brotli = split->brotli[bucket];
    b.sources.push_back(std::move(e));
  }
  return b;
}

}  // namespace

std::vector<BundleSources> analyze_bundles(fs::Disk& disk, const std::string& root, const BundleInputs& in,
                                           const BundleOptions& options, cache::ContentCache& cache,
                                           Diagnostics& diags) {
  std::vector<scan::FileId> todo;
  std::vector<MapPlace> places;
  for (const auto& f : in.files) {
    if (f.kind != scan::FileKind::script && f.kind != scan::FileKind::stylesheet) continue;
    if (auto p = locate(in, f.id)) todo.push_back(f.id), places.push_back(std::move(*p));
  }
  std::vector<std::optional<BundleSources>> out(todo.size());
  parallel_for(todo.size(), options.jobs, [&](size_t i) {
    scan::FileId id = todo[i];
    const auto& f = in.files[id];
    auto content = disk.read_file(fs::join_path(root, f.path));
    if (!content) {
      if (in.parsed.empty()) diags.error(f.path, content.error());  // else the parse phase reported it
      return;
    }
    MapPlace found;
    if (in.parsed.empty()) {
      auto by_comment = locate_by_comment(in, id, *content);
      if (!by_comment) return;
      found = std::move(*by_comment);
    }
    const auto& place = in.parsed.empty() ? found : places[i];
    std::string map_text;
    std::string map_path = place.origin == MapOrigin::inline_data ? "" : in.files[place.map_file].path;
    if (place.origin == MapOrigin::inline_data) {
      auto decoded = decode_data_uri(place.data_uri);
      if (!decoded) {
        diags.warning(f.path, "inline source map: " + decoded.error());
        return;
      }
      map_text = std::move(*decoded);
    } else {
      auto text = disk.read_file(fs::join_path(root, map_path));
      if (!text) {
        diags.warning(f.path, "source map " + map_path + ": " + text.error());
        return;
      }
      map_text = std::move(*text);
    }
    bool compressed = id < in.gzip.size() && id < in.brotli.size();
    uint64_t gz = compressed ? in.gzip[id] : 0, br = compressed ? in.brotli[id] : 0;
    std::string key = KeyHasher()
                          .add("sourcemap/2")  // 2: compressed shares capped at raw
                          .add(KILN_VERSION)
                          .add(xxh128_hex(*content))
                          .add(xxh128_hex(map_text))
                          .add(compressed ? std::to_string(gz) + "/" + std::to_string(br) : "raw")
                          .hex();
    BundleSources b;
    bool hit = false;
    if (auto cached = cache.get("sourcemap", key)) hit = decode_bundle(*cached, b);
    if (!hit) {
      b = attribute_file(*content, map_text, gz, br, compressed);
      b.origin = place.origin;
      b.map_path = map_path;
      if (options.store_cache) cache.put("sourcemap", key, encode_bundle(b));
    }
    b.file = id;
    std::string map_name = map_path.empty() ? "its inline source map" : "source map " + map_path;
    if (!b.error.empty()) diags.warning(f.path, map_name + ": " + b.error);
    if (!b.mismatch.empty())
      diags.warning(f.path, map_name + " does not belong to this file: " + b.mismatch +
                                "; its bytes are counted as [unmapped]");
    out[i] = std::move(b);
  });
  std::vector<BundleSources> result;
  for (auto& b : out)
    if (b) result.push_back(std::move(*b));
  return result;
}

}  // namespace kiln::sourcemap
