#include "image/vips_runtime.h"

#include <malloc.h>
#include <vips/vips8>

namespace kiln::image {

namespace {

struct VipsRuntime {
  VipsRuntime() {
    // libvips prints loader warnings on stderr; kiln reports its own messages instead
    // (read by vips_init, so set before it; a user's own VIPS_WARNING wins).
    g_setenv("VIPS_WARNING", "0", FALSE);
    if (VIPS_INIT("kiln") != 0) vips_error_exit("kiln: cannot initialise libvips");
    // One vips worker per image; kiln runs images side by side with parallel_for instead.
    // Why: webpsave (libwebp, single-threaded) and the PNG/JPEG loaders are most of the
    // time, so extra vips threads per image mostly wait, while one image per core keeps
    // both cores encoding; it also makes the output independent of scheduling. Measured on
    // mate-backgrounds (README, images): `-j2` against `VIPS_CONCURRENCY=2 kiln images -j1`
    // (a user's own VIPS_CONCURRENCY wins, as VIPS_WARNING above).
    if (!g_getenv("VIPS_CONCURRENCY")) vips_concurrency_set(1);
    // Decoded pictures, widths and libwebp's work buffers are allocated and freed image after
    // image, tens of MB each: glibc would hand most of them back to the kernel (mmap above a
    // threshold, heap trimming) and fault the pages in again, zeroed, for the next image.
    // Keeping them in the heap: on the mixed set (-j2, quiet machine, three runs each) wall
    // 4.47-4.52 s -> 3.98-4.05 s, CPU 8.4-8.5 s -> 7.5-7.6 s (system time 1.3 -> 0.9 s), peak
    // memory 253 -> 320 MB.
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
    // The operation cache would keep decoded images alive across files: no reuse here, only
    // memory.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
  }
  ~VipsRuntime() { vips_shutdown(); }
};

}  // namespace

void ensure_vips() { static VipsRuntime runtime; }

const std::string& vips_version_string() {
  static const std::string v = [] {
    ensure_vips();
    return std::string(::vips_version_string());
  }();
  return v;
}

const std::string& avif_unavailable_reason() {
  static const std::string reason = []() -> std::string {
    ensure_vips();
    if (vips_type_find("VipsOperation", "heifsave_buffer") == 0)
      return "this libvips was built without libheif (no heifsave)";
    try {
      auto probe = vips::VImage::black(16, 16, vips::VImage::option()->set("bands", 3));
      VipsBlob* blob = probe.heifsave_buffer(
          vips::VImage::option()->set("compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1));
      vips_area_unref(VIPS_AREA(blob));
    } catch (const vips::VError& e) {
      vips_error_clear();
      return std::string("libheif here has no AV1 encoder: ") + e.what();
    }
    return "";
  }();
  return reason;
}

}  // namespace kiln::image
