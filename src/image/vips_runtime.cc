#include "image/vips_runtime.h"

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
