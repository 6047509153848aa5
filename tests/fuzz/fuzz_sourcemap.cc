// libFuzzer target: source maps. The input is a map, then (after a "\n--\n" line) the file it
// claims to describe: the map is parsed (v3 and index maps, VLQ mappings), the bytes of the
// file attributed to its sources, the buckets cut and split, the sources' names normalised,
// and the file's own sourceMappingURL comment and data: URI read.
#include "fuzz_input.h"
#include "sourcemap/attribution.h"
#include "sourcemap/compressed_split.h"
#include "sourcemap/map_comment.h"
#include "sourcemap/map_locator.h"
#include "sourcemap/source_map.h"
#include "sourcemap/source_name.h"
#include "sourcemap/sme_key.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kiln::sourcemap;
  auto in = kiln::fuzz::parts(kiln::fuzz::text(data, size), 2);
  std::string_view map_text = in[0], file = in.size() > 1 ? in[1] : std::string_view{};
  if (auto comment = find_map_comment(file)) 
    (void)decode_data_uri(file.substr(comment->begin, comment->end - comment->begin));
  (void)decode_data_uri(map_text);
  auto map = parse_source_map(map_text);
  if (!map) return 0;
  for (size_t i = 0; i < map->sources.size(); ++i) {
    std::string_view root = i < map->source_roots.size() ? std::string_view(map->source_roots[i]) : "";
    (void)normalize_source(map->sources[i], root);
    (void)sme_source_key(map->sources[i], root);
  }
  sort_segments(map->segments);
  Attribution a = attribute(file, *map);
  uint64_t sum = a.unmapped + a.eol + a.comment + a.no_source;
  for (uint64_t b : a.by_source) sum += b;
  if (sum != a.total || a.total != file.size()) __builtin_trap();  // every byte in exactly one bucket
  (void)proportional_shares(a.by_source, file.size() / 3);
  return 0;
}
