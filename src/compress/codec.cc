#include "compress/codec.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <libdeflate.h>
#include <zlib.h>
#include <zopfli/zopfli.h>
#include <zstd.h>

#include <cstdlib>
#include <stdexcept>

namespace kiln::compress {

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::brotli: return "brotli";
    case Encoding::gzip: return "gzip";
    case Encoding::zstd: return "zstd";
  }
  return "?";
}

const char* encoding_extension(Encoding e) {
  switch (e) {
    case Encoding::brotli: return ".br";
    case Encoding::gzip: return ".gz";
    case Encoding::zstd: return ".zst";
  }
  return "";
}

const char* gzip_engine_name(GzipEngine e) {
  switch (e) {
    case GzipEngine::zlib: return "zlib";
    case GzipEngine::libdeflate: return "libdeflate";
    case GzipEngine::zopfli: return "zopfli";
  }
  return "?";
}

Result<GzipEngine> parse_gzip_engine(std::string_view name) {
  if (name == "zlib") return GzipEngine::zlib;
  if (name == "libdeflate") return GzipEngine::libdeflate;
  if (name == "zopfli") return GzipEngine::zopfli;
  return Error{"unknown gzip engine '" + std::string(name) + "' (zlib, libdeflate or zopfli)"};
}

std::string CodecSettings::describe(Encoding e) const {
  switch (e) {
    case Encoding::brotli: return "br;q=" + std::to_string(brotli_quality) + ";w=fit24";
    case Encoding::gzip:
      if (gzip_engine == GzipEngine::zopfli) return "gz;zopfli;i=" + std::to_string(zopfli_iterations);
      return std::string("gz;") + gzip_engine_name(gzip_engine) + ";l=" + std::to_string(gzip_level);
    case Encoding::zstd: return "zst;l=" + std::to_string(zstd_level) + ";wlog<=23";
  }
  return "";
}

int brotli_window_bits(size_t input_size) {
  int bits = BROTLI_MIN_WINDOW_BITS;
  // A window of 2^bits holds (2^bits - 16) bytes of history.
  while (bits < BROTLI_MAX_WINDOW_BITS && (size_t(1) << bits) - 16 < input_size) ++bits;
  return bits;
}

namespace {

std::string encode_brotli(std::string_view in, int quality) {
  size_t bound = BrotliEncoderMaxCompressedSize(in.size());
  if (bound == 0) bound = in.size() + 1024;
  std::string out(bound, '\0');
  size_t out_size = out.size();
  if (!BrotliEncoderCompress(quality, brotli_window_bits(in.size()), BROTLI_MODE_GENERIC, in.size(),
                             reinterpret_cast<const uint8_t*>(in.data()), &out_size,
                             reinterpret_cast<uint8_t*>(out.data())))
    throw std::runtime_error("brotli encoder failed");
  out.resize(out_size);
  return out;
}

std::string encode_zlib_gzip(std::string_view in, int level) {
  z_stream zs{};
  // windowBits 15+16: gzip wrapper with zlib's default header (mtime 0, no name).
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib deflateInit2 failed");
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
  return out;
}

std::string encode_libdeflate(std::string_view in, int level) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  if (!c) throw std::runtime_error("libdeflate: bad level " + std::to_string(level));
  std::string out(libdeflate_gzip_compress_bound(c, in.size()), '\0');
  size_t n = libdeflate_gzip_compress(c, in.data(), in.size(), out.data(), out.size());
  libdeflate_free_compressor(c);
  if (n == 0) throw std::runtime_error("libdeflate compression failed");
  out.resize(n);
  return out;
}

std::string encode_zopfli(std::string_view in, int iterations) {
  ZopfliOptions options;
  ZopfliInitOptions(&options);
  options.numiterations = iterations;
  unsigned char* data = nullptr;
  size_t size = 0;
  ZopfliCompress(&options, ZOPFLI_FORMAT_GZIP, reinterpret_cast<const unsigned char*>(in.data()),
                 in.size(), &data, &size);
  std::string out(reinterpret_cast<char*>(data), size);
  std::free(data);
  return out;
}

std::string encode_zstd(std::string_view in, int level) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  // Browsers decode zstd content-encoding with at most an 8 MiB window.
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_windowLog, 23);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  std::string out(ZSTD_compressBound(in.size()), '\0');
  size_t n = ZSTD_compress2(cctx, out.data(), out.size(), in.data(), in.size());
  ZSTD_freeCCtx(cctx);
  if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

Result<std::string> decode_brotli(std::string_view in) {
  BrotliDecoderState* st = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  std::string out;
  size_t avail_in = in.size();
  auto* next_in = reinterpret_cast<const uint8_t*>(in.data());
  BrotliDecoderResult rc;
  do {
    uint8_t buf[65536];
    size_t avail_out = sizeof buf;
    uint8_t* next_out = buf;
    rc = BrotliDecoderDecompressStream(st, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
  } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
  BrotliDecoderDestroyInstance(st);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS || avail_in != 0) return Error{"not a valid brotli stream"};
  return out;
}

Result<std::string> decode_gzip(std::string_view in) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return Error{"zlib inflateInit2 failed"};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  int rc;
  do {
    char buf[65536];
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc == Z_OK);
  bool trailing = zs.avail_in != 0;
  inflateEnd(&zs);
  if (rc != Z_STREAM_END || trailing) return Error{"not a valid gzip stream"};
  return out;
}

Result<std::string> decode_zstd(std::string_view in) {
  ZSTD_DCtx* d = ZSTD_createDCtx();
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  std::string out;
  size_t rc = 1;
  while (input.pos < input.size && rc != 0) {
    char buf[65536];
    ZSTD_outBuffer output{buf, sizeof buf, 0};
    rc = ZSTD_decompressStream(d, &output, &input);
    if (ZSTD_isError(rc)) break;
    out.append(buf, output.pos);
  }
  ZSTD_freeDCtx(d);
  if (ZSTD_isError(rc) || rc != 0) return Error{"not a valid zstd stream"};
  return out;
}

}  // namespace

std::string encode(Encoding e, std::string_view input, const CodecSettings& s) {
  switch (e) {
    case Encoding::brotli: return encode_brotli(input, s.brotli_quality);
    case Encoding::gzip:
      switch (s.gzip_engine) {
        case GzipEngine::zlib: return encode_zlib_gzip(input, s.gzip_level);
        case GzipEngine::libdeflate: return encode_libdeflate(input, s.gzip_level);
        case GzipEngine::zopfli: return encode_zopfli(input, s.zopfli_iterations);
      }
      break;
    case Encoding::zstd: return encode_zstd(input, s.zstd_level);
  }
  throw std::logic_error("unknown encoding");
}

Result<std::string> decode(Encoding e, std::string_view input) {
  switch (e) {
    case Encoding::brotli: return decode_brotli(input);
    case Encoding::gzip: return decode_gzip(input);
    case Encoding::zstd: return decode_zstd(input);
  }
  return Error{"unknown encoding"};
}

}  // namespace kiln::compress
