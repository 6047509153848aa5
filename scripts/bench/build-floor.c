// The floor for `kiln build` in scripts/bench/build.sh: the CPU time the three libraries that
// do the irreducible work need on their own, one call per output, one thread, nothing else:
//   br PATH            BrotliEncoderCompress, quality 11, the window kiln picks (smallest
//                      2^bits - 16 >= size, 10..24), generic mode: what every .br sidecar costs
//   ts PATH            ts_parser_parse_string with the grammar for .js/.mjs/.cjs, .css, .html
//                      (tree built and freed, nothing walked)
//   webp PATH W,W,...  WebPPictureImport + WebPEncode (lossy, quality 80, method 4 = effort 4,
//                      default preset): the full-size picture and one per width below the
//                      image's own width
// Lines are read from stdin. Only the library call is timed, with the thread's CPU clock, so
// reading files, decoding JPEG/PNG and resizing (libvips) and other processes on a busy
// machine do not count in the floor. The libvips work is timed on its own, with the process
// CPU clock (libvips computes pixels on a worker thread; nothing else runs in this process):
// one decode per image and vips_reduce per width, printed as "pixels", not in the floor. Built and run by build.sh:
//   cc -O2 build-floor.c <grammar parser.c/scanner.c ...> $(pkg-config --cflags --libs vips
//      libwebp libbrotlienc) -ltree-sitter
// Prints one line per library, then "floor BR_CPU_S WEBP_CPU_S TS_CPU_S PIXELS_CPU_S".
#include <brotli/encode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>
#include <vips/vips.h>
#include <webp/encode.h>

const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_css(void);
const TSLanguage* tree_sitter_html(void);

static double clock_s(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
static double cpu_now(void) { return clock_s(CLOCK_THREAD_CPUTIME_ID); }
static double process_cpu_now(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

static char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  *size = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  char* buf = malloc(*size + 1);
  if (buf && fread(buf, 1, *size, f) != *size) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  return buf;
}

static void die(const char* what, const char* path) {
  fprintf(stderr, "build-floor: %s: %s %s\n", path, what, vips_error_buffer());
  exit(1);
}

static int window_bits(size_t size) {
  int bits = BROTLI_MIN_WINDOW_BITS;
  while (bits < BROTLI_MAX_WINDOW_BITS && ((size_t)1 << bits) - 16 < size) ++bits;
  return bits;
}

static double br_cpu, webp_cpu, ts_cpu, pixels_cpu;
static long br_files, webp_pictures, ts_files;
static long long br_in, br_out, webp_out, ts_bytes;

static void do_brotli(const char* path) {
  size_t size = 0;
  char* in = read_file(path, &size);
  if (!in) die("cannot read", path);
  size_t cap = BrotliEncoderMaxCompressedSize(size) + 1024, n = cap;
  uint8_t* out = malloc(cap);
  double c0 = cpu_now();
  if (!BrotliEncoderCompress(11, window_bits(size), BROTLI_MODE_GENERIC, size, (const uint8_t*)in, &n, out))
    die("brotli failed", path);
  br_cpu += cpu_now() - c0;
  br_files++, br_in += (long long)size, br_out += (long long)n;
  free(out), free(in);
}

static void do_parse(TSParser* parser, const char* path) {
  const char* dot = strrchr(path, '.');
  const TSLanguage* lang = NULL;
  if (dot && (!strcmp(dot, ".js") || !strcmp(dot, ".mjs") || !strcmp(dot, ".cjs"))) lang = tree_sitter_javascript();
  else if (dot && !strcmp(dot, ".css")) lang = tree_sitter_css();
  else if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm"))) lang = tree_sitter_html();
  if (!lang) return;
  size_t size = 0;
  char* text = read_file(path, &size);
  if (!text) die("cannot read", path);
  ts_parser_set_language(parser, lang);
  double c0 = cpu_now();
  TSTree* tree = ts_parser_parse_string(parser, NULL, text, (uint32_t)size);
  ts_tree_delete(tree);
  ts_cpu += cpu_now() - c0;
  ts_files++, ts_bytes += (long long)size;
  free(text);
}

// Encodes `im` (sRGB, 8-bit, 3 or 4 bands) as lossy WebP; only libwebp is timed.
static void encode(VipsImage* im, const char* path) {
  size_t n = 0;
  double p0 = process_cpu_now();
  uint8_t* pixels = vips_image_write_to_memory(im, &n);  // a resized picture is computed here
  pixels_cpu += process_cpu_now() - p0;
  if (!pixels) die("cannot decode", path);
  WebPConfig config;
  WebPPicture pic;
  WebPMemoryWriter writer;
  if (!WebPConfigPreset(&config, WEBP_PRESET_DEFAULT, 80) || !WebPPictureInit(&pic)) die("libwebp init", path);
  config.method = 4;
  pic.width = im->Xsize;
  pic.height = im->Ysize;
  WebPMemoryWriterInit(&writer);
  pic.writer = WebPMemoryWrite;
  pic.custom_ptr = &writer;
  double c0 = cpu_now();
  int ok = im->Bands == 4 ? WebPPictureImportRGBA(&pic, pixels, im->Xsize * 4)
                          : WebPPictureImportRGB(&pic, pixels, im->Xsize * 3);
  ok = ok && WebPEncode(&config, &pic);
  webp_cpu += cpu_now() - c0;
  if (!ok) die("libwebp failed", path);
  webp_pictures++, webp_out += (long long)writer.size;
  WebPPictureFree(&pic);
  WebPMemoryWriterClear(&writer);
  g_free(pixels);
}

static void do_webp(const char* path, const char* widths) {
  VipsImage *in, *rot, *srgb, *u8, *im;
  if (!(in = vips_image_new_from_file(path, NULL))) die("cannot open", path);
  if (vips_autorot(in, &rot, NULL) || vips_colourspace(rot, &srgb, VIPS_INTERPRETATION_sRGB, NULL) ||
      vips_cast_uchar(srgb, &u8, NULL))
    die("cannot convert", path);
  if (u8->Bands > 4) {
    if (vips_extract_band(u8, &im, 0, "n", 4, NULL)) die("cannot convert", path);
  } else {
    im = u8, g_object_ref(im);
  }
  double p0 = process_cpu_now();
  if (vips_image_wio_input(im)) die("cannot decode", path);  // decode once
  pixels_cpu += process_cpu_now() - p0;
  encode(im, path);
  for (const char* w = widths; *w;) {
    int width = atoi(w);
    if (width > 0 && width < im->Xsize) {
      VipsImage* small;
      // vips_reduce (Lanczos 3), kiln's resampler: cheaper than vips_resize in libvips 8.14.
      double f = (double)im->Xsize / width;
      if (vips_reduce(im, &small, f, f, "kernel", VIPS_KERNEL_LANCZOS3, NULL)) die("cannot resize", path);
      encode(small, path);
      g_object_unref(small);
    }
    w = strchr(w, ',');
    if (!w) break;
    w++;
  }
  g_object_unref(im), g_object_unref(u8), g_object_unref(srgb), g_object_unref(rot), g_object_unref(in);
}

int main(int argc, char** argv) {
  if (VIPS_INIT(argv[0])) die("vips init", "-");
  vips_concurrency_set(1);
  (void)argc;
  TSParser* parser = ts_parser_new();
  char line[8192];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    char* arg = strchr(line, ' ');
    if (!arg) continue;
    *arg++ = 0;
    if (!strcmp(line, "br")) do_brotli(arg);
    else if (!strcmp(line, "ts")) do_parse(parser, arg);
    else if (!strcmp(line, "webp")) {
      char* widths = strrchr(arg, ' ');
      if (!widths) die("no widths", arg);
      *widths++ = 0;
      do_webp(arg, widths);
    }
  }
  ts_parser_delete(parser);
  printf("  brotli q11   %5ld files  %12lld -> %10lld bytes  cpu %8.3f s\n", br_files, br_in, br_out, br_cpu);
  printf("  libwebp q80  %5ld pictures              -> %10lld bytes  cpu %8.3f s\n", webp_pictures, webp_out, webp_cpu);
  printf("  tree-sitter  %5ld files  %12lld bytes                cpu %8.3f s\n", ts_files, ts_bytes, ts_cpu);
  printf("  libvips      one decode per image, vips_reduce per width     cpu %8.3f s (not in the floor)\n", pixels_cpu);
  printf("floor %.4f %.4f %.4f %.4f\n", br_cpu, webp_cpu, ts_cpu, pixels_cpu);
  return 0;
}
