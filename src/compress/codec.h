// The encoders behind the sidecars, and their decoders (used to verify round trips and to
// recognise stale sidecars). Every encoder is deterministic: same bytes in, same bytes out,
// and gzip headers carry no file name and a zero mtime.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace kiln::compress {

enum class Encoding { brotli, gzip, zstd };
inline constexpr Encoding kEncodings[] = {Encoding::brotli, Encoding::gzip, Encoding::zstd};

const char* encoding_name(Encoding e);       // "brotli", "gzip", "zstd"
const char* encoding_extension(Encoding e);  // ".br", ".gz", ".zst"

enum class GzipEngine { zlib, libdeflate, zopfli };
const char* gzip_engine_name(GzipEngine e);
Result<GzipEngine> parse_gzip_engine(std::string_view name);

struct CodecSettings {
  int brotli_quality = 11;
  // libdeflate at level 10 by default: on swagger-ui-dist + pdfjs-dist + monaco-editor/min
  // (33.96 MB) it is 3.9% smaller than zlib -9 in twice zlib's time; level 12 gains another
  // 0.17% for twice the time again, zopfli 0.4% for 40x (README, "gzip engine").
  GzipEngine gzip_engine = GzipEngine::libdeflate;
  int gzip_level = 10;          // zlib: 1-9, libdeflate: 1-12; unused by zopfli
  int zopfli_iterations = 15;
  int zstd_level = 19;

  // A stable description of the settings for one encoding, part of its cache key.
  std::string describe(Encoding e) const;
};

// Smallest brotli window (10..24) that holds the whole input: large inputs use the largest
// window brotli allows, small ones do not pay for memory they cannot use.
int brotli_window_bits(size_t input_size);

std::string encode(Encoding e, std::string_view input, const CodecSettings& settings);
Result<std::string> decode(Encoding e, std::string_view input);

}  // namespace kiln::compress
