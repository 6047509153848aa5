// kiln images: every input is generated here with libvips (photo-like noise gradient, flat PNG
// with alpha, 16-bit PNG, CMYK JPEG with an ICC profile, EXIF-rotated JPEG, animated GIF,
// truncated and empty files, a PNG header claiming 10^10 pixels), converted through the
// command line, and every output decoded again and checked exactly.
#include <stdlib.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>
#include <vips/vips8>

#include "cache/content_cache.h"
#include "cli/cli.h"
#include "fs/memory_disk.h"
#include "image/images.h"
#include "image/picture_markup.h"
#include "parse/parser.h"
#include "image/vips_runtime.h"
#include "scan/scanner.h"

using nlohmann::json;
using vips::VImage;
namespace stdfs = std::filesystem;

namespace {

std::string take(VipsBlob* blob) {
  size_t n = 0;
  const void* d = vips_blob_get(blob, &n);
  std::string s(static_cast<const char*>(d), n);
  vips_area_unref(VIPS_AREA(blob));
  return s;
}

// A smooth gradient with noise: compresses like a photograph.
VImage photo(int w, int h) {
  VImage xy = VImage::xyz(w, h);
  VImage x = xy[0] * (255.0 / w), y = xy[1] * (255.0 / h);
  VImage noise = VImage::gaussnoise(w, h, VImage::option()->set("mean", 128.0)->set("sigma", 40.0));
  VImage rgb = x.bandjoin(y).bandjoin(noise).cast(VIPS_FORMAT_UCHAR);
  return rgb.copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

std::string jpeg(const VImage& im, int q = 90) {
  return take(im.jpegsave_buffer(VImage::option()->set("Q", q)));
}
std::string png(const VImage& im, int bitdepth = 8) {
  return take(im.pngsave_buffer(VImage::option()->set("bitdepth", bitdepth)));
}

// Flat artwork: two colour blocks and a transparent stripe on the left.
VImage flat_with_alpha(int w, int h) {
  VImage xy = VImage::xyz(w, h);
  VImage r = xy[0] < (w / 2), g = xy[1] < (h / 2), b = (xy[0] * 0) + 128, a = xy[0] > (w / 8);
  return r.bandjoin(g).bandjoin(b).bandjoin(a).cast(VIPS_FORMAT_UCHAR).copy(
      VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

std::string animated_gif() {
  std::vector<VImage> frames;
  for (int i = 0; i < 3; ++i) {
    VImage f = VImage::black(120, 80, VImage::option()->set("bands", 3)) + std::vector<double>{i * 100.0, 50.0, 200.0 - i * 80};
    frames.push_back(f.cast(VIPS_FORMAT_UCHAR));
  }
  VImage strip = VImage::arrayjoin(frames, VImage::option()->set("across", 1))
                     .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  strip.set("page-height", 80);
  strip.set("delay", std::vector<int>{100, 200, 300});
  strip.set("loop", 2);
  return take(strip.gifsave_buffer());
}

// A valid PNG (signature, IHDR, a small IDAT, IEND, with their CRCs) whose header claims
// 100000 x 100000 pixels.
std::string huge_png_header() {
  auto be32 = [](std::string& s, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) s += char((v >> shift) & 0xff);
  };
  std::string out = "\x89PNG\r\n\x1a\n";
  std::string ihdr = "IHDR";
  be32(ihdr, 100000);
  be32(ihdr, 100000);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
  be32(out, 13);
  out += ihdr;
  be32(out, uint32_t(crc32(0, reinterpret_cast<const Bytef*>(ihdr.data()), uInt(ihdr.size()))));
  std::string idat = "IDAT";
  std::string zeros(64, '\0');
  uLongf zlen = compressBound(uLong(zeros.size()));
  std::string z(zlen, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &zlen, reinterpret_cast<const Bytef*>(zeros.data()),
           uLong(zeros.size()));
  idat += z.substr(0, zlen);
  be32(out, uint32_t(zlen));
  out += idat;
  be32(out, uint32_t(crc32(0, reinterpret_cast<const Bytef*>(idat.data()), uInt(idat.size()))));
  std::string iend = "IEND";
  be32(out, 0);
  out += iend;
  be32(out, uint32_t(crc32(0, reinterpret_cast<const Bytef*>(iend.data()), uInt(iend.size()))));
  return out;
}

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/kiln-images-test-XXXXXX";
    path = mkdtemp(tmpl);
  }
  ~TempDir() { stdfs::remove_all(path); }
  void put(const std::string& rel, const std::string& data) const {
    stdfs::create_directories(stdfs::path(path + "/" + rel).parent_path());
    std::ofstream(path + "/" + rel, std::ios::binary) << data;
  }
  std::string get(const std::string& rel) const {
    std::ifstream in(path + "/" + rel, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool exists(const std::string& rel) const { return stdfs::exists(path + "/" + rel); }
};

struct Run {
  int code = -1;
  json report;
  std::string err;
};

Run run_images(const std::string& dir, std::vector<std::string> extra) {
  std::vector<std::string> args = {"images", dir, "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::ostringstream out, err;
  Run r;
  r.code = kiln::cli::run(args, out, err);
  r.err = err.str();
  if (getenv("KILN_TEST_VERBOSE")) fprintf(stderr, "%s", r.err.c_str());
  r.report = json::parse(out.str());
  return r;
}

const json& image_of(const json& report, const std::string& path) {
  for (const auto& img : report["images"])
    if (img["path"] == path) return img;
  FAIL("no image " << path << " in the report");
  static json none;
  return none;
}

const json& variant_of(const json& img, const std::string& path) {
  for (const auto& v : img["variants"])
    if (v["path"] == path) return v;
  FAIL("no variant " << path);
  static json none;
  return none;
}

VImage decode(const std::string& bytes, bool all_frames = false) {
  auto* o = VImage::option()->set("access", VIPS_ACCESS_RANDOM);
  if (all_frames) o->set("n", -1);
  return VImage::new_from_buffer(bytes.data(), bytes.size(), "", o).copy_memory();
}

double pixel(const VImage& im, int x, int y, int band) { return im.getpoint(x, y)[size_t(band)]; }

}  // namespace

TEST_CASE("images: photo, flat PNG with alpha, 16-bit PNG, widths and never upscaled", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  t.put("dist/img/photo.jpg", jpeg(photo(1000, 750)));
  t.put("dist/img/flat.png", png(flat_with_alpha(400, 300)));
  VImage deep16 = (photo(300, 200) * 256).cast(VIPS_FORMAT_USHORT).copy(
      VImage::option()->set("interpretation", VIPS_INTERPRETATION_RGB16));
  t.put("dist/deep.png", png(deep16, 16));
  REQUIRE(decode(t.get("dist/deep.png")).format() == VIPS_FORMAT_USHORT);
  t.put("dist/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  Run r = run_images(t.path + "/dist", {"--widths", "320,640,1280", "--cache-dir", t.path + "/cache", "-j2"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.report["counts"]["svgLeftAlone"] == 1);
  CHECK(r.report["counts"]["images"] == 3);

  const json& p = image_of(r.report, "img/photo.jpg");
  CHECK(p["format"] == "jpeg");
  CHECK(variant_of(p, "img/photo.webp")["outcome"] == "written");
  CHECK(variant_of(p, "img/photo.webp")["mode"] == "lossy");
  const json& v640 = variant_of(p, "img/photo-640w.webp");
  CHECK(v640["outcome"] == "written");
  CHECK(v640["width"] == 640);
  CHECK(v640["height"] == 480);
  CHECK(variant_of(p, "img/photo-1280w.webp")["outcome"] == "would-upscale");
  CHECK_FALSE(t.exists("dist/img/photo-1280w.webp"));

  VImage full = decode(t.get("dist/img/photo.webp"));
  CHECK(full.width() == 1000);
  CHECK(full.height() == 750);
  CHECK(full.bands() == 3);
  CHECK(full.interpretation() == VIPS_INTERPRETATION_sRGB);
  VImage small = decode(t.get("dist/img/photo-320w.webp"));
  CHECK(small.width() == 320);
  CHECK(small.height() == 240);

  // Flat artwork with alpha: alpha kept, the transparent stripe still transparent, and
  // lossless chosen because it is smaller.
  const json& f = image_of(r.report, "img/flat.png");
  CHECK(f["alpha"] == true);
  CHECK(variant_of(f, "img/flat.webp")["mode"] == "lossless");
  VImage flat = decode(t.get("dist/img/flat.webp"));
  CHECK(flat.bands() == 4);
  CHECK(pixel(flat, 10, 10, 3) == 0);
  CHECK(pixel(flat, 100, 10, 3) == 255);
  CHECK(pixel(flat, 100, 10, 0) == 255);  // lossless: exact colours
  CHECK(pixel(flat, 300, 200, 1) == 0);
  // Resizing blurs the edges, so a smaller width may cost more bytes than the lossless full
  // size: then it is not written.
  const json& f320 = variant_of(f, "img/flat-320w.webp");
  if (f320["outcome"] == "written") {
    VImage flat320 = decode(t.get("dist/img/flat-320w.webp"));
    CHECK(flat320.width() == 320);
    CHECK(flat320.height() == 240);
    CHECK(flat320.bands() == 4);
  } else {
    CHECK(f320["outcome"] == "not-smaller");
    CHECK(f320["bytes"].get<uint64_t>() >= variant_of(f, "img/flat.webp")["bytes"].get<uint64_t>());
    CHECK_FALSE(t.exists("dist/img/flat-320w.webp"));
  }

  // 16-bit PNG: 8-bit sRGB out.
  VImage deep = decode(t.get("dist/deep.webp"));
  CHECK(deep.format() == VIPS_FORMAT_UCHAR);
  CHECK(deep.interpretation() == VIPS_INTERPRETATION_sRGB);
  CHECK(deep.width() == 300);

  // Every kept variant decodes, with the size the report gives.
  for (const auto& img : r.report["images"])
    for (const auto& v : img["variants"]) {
      if (v["outcome"] != "written") continue;
      INFO(v["path"]);
      std::string bytes = t.get("dist/" + v["path"].get<std::string>());
      CHECK(bytes.size() == v["bytes"].get<size_t>());
      VImage d = decode(bytes);
      CHECK(d.width() == v["width"].get<int>());
      CHECK(d.height() == v["height"].get<int>());
      CHECK(d.get_typeof("exif-data") == 0);  // EXIF stripped
    }
}

TEST_CASE("images: CMYK JPEG with ICC to sRGB, EXIF orientation applied", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  // Left half red, right half blue, through the CMYK profile libvips ships.
  VImage xy = VImage::xyz(200, 100);
  VImage left = xy[0] < 100;
  VImage rgb = left.bandjoin(xy[0] * 0).bandjoin(left ^ 255).cast(VIPS_FORMAT_UCHAR).copy(
      VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  VImage cmyk = rgb.icc_transform("cmyk", VImage::option()->set("input_profile", "srgb"));
  REQUIRE(cmyk.bands() == 4);
  t.put("dist/cmyk.jpg", jpeg(cmyk));
  REQUIRE(decode(t.get("dist/cmyk.jpg")).interpretation() == VIPS_INTERPRETATION_CMYK);

  // Stored 300x200 with the left half white; orientation 6 shows it rotated 90 degrees
  // clockwise: 200x300 with the white half on top.
  VImage stored = ((VImage::xyz(300, 200)[0] < 150).bandjoin(VImage::xyz(300, 200)[0] < 150)
                       .bandjoin(VImage::xyz(300, 200)[0] < 150))
                      .cast(VIPS_FORMAT_UCHAR)
                      .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
                      .copy();
  stored.set("orientation", 6);
  t.put("dist/rotated.jpg", jpeg(stored));
  REQUIRE(decode(t.get("dist/rotated.jpg")).get_int("orientation") == 6);

  Run r = run_images(t.path + "/dist", {"--no-cache", "--widths", "100"});
  REQUIRE(r.code == 0);
  VImage out = decode(t.get("dist/cmyk.webp"));
  CHECK(out.interpretation() == VIPS_INTERPRETATION_sRGB);
  CHECK(out.bands() == 3);
  // Red stays red, blue stays blue (as blue as CMYK can print it).
  CHECK(pixel(out, 50, 50, 0) > pixel(out, 50, 50, 2) + 100);
  CHECK(pixel(out, 150, 50, 2) > pixel(out, 150, 50, 0) + 60);

  const json& rot = image_of(r.report, "rotated.jpg");
  CHECK(rot["width"] == 200);
  CHECK(rot["height"] == 300);
  VImage upright = decode(t.get("dist/rotated.webp"));
  CHECK(upright.width() == 200);
  CHECK(upright.height() == 300);
  CHECK((upright.get_typeof("orientation") == 0 || upright.get_int("orientation") == 1));
  CHECK(pixel(upright, 100, 50, 0) > 200);  // white on top
  CHECK(pixel(upright, 100, 250, 0) < 50);  // black below
  VImage small = decode(t.get("dist/rotated-100w.webp"));
  CHECK(small.width() == 100);
  CHECK(small.height() == 150);
}

TEST_CASE("images: widths cascade (each from the next larger) with exact sizes and the pixels of a direct reduce", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  // Smooth (so lossy WebP stays close) and of odd size (so rounding could drift).
  VImage xy = VImage::xyz(1001, 667);
  VImage smooth = (xy[0] * (255.0 / 1001)).bandjoin(xy[1] * (255.0 / 667))
                      .bandjoin(((xy[0] + xy[1]) / 40.0).sin() * 100 + 128)
                      .cast(VIPS_FORMAT_UCHAR)
                      .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
  t.put("dist/smooth.png", png(smooth));
  Run r = run_images(t.path + "/dist", {"--no-cache", "--lossy", "--widths", "99,250,500"});
  REQUIRE(r.code == 0);
  const json& im = image_of(r.report, "smooth.png");
  for (auto [name, w, h] : {std::tuple{"smooth-500w.webp", 500, 333},
                            std::tuple{"smooth-250w.webp", 250, 167},
                            std::tuple{"smooth-99w.webp", 99, 66}}) {
    INFO(name);
    REQUIRE(variant_of(im, name)["outcome"] == "written");
    VImage got = decode(t.get(std::string("dist/") + name));
    REQUIRE(got.width() == w);
    REQUIRE(got.height() == h);
    VImage direct = smooth.reduce(1001.0 / w, 667.0 / h,
                                  VImage::option()->set("kernel", VIPS_KERNEL_LANCZOS3));
    direct = direct.extract_area(0, 0, w, std::min(h, direct.height()));
    VImage diff = (got.extract_area(0, 0, w, direct.height()).cast(VIPS_FORMAT_FLOAT) - direct).abs();
    CHECK(diff.avg() < 2.0);  // lossy q80 on a smooth picture, cascaded or not
  }
}

TEST_CASE("images: animated GIF keeps every frame, its delays and loop count", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  t.put("dist/anim.gif", animated_gif());
  Run r = run_images(t.path + "/dist", {"--no-cache", "--widths", "30,60"});
  REQUIRE(r.code == 0);
  const json& a = image_of(r.report, "anim.gif");
  CHECK(a["frames"] == 3);
  CHECK(a["width"] == 120);
  CHECK(a["height"] == 80);
  for (const char* name : {"anim.webp", "anim-60w.webp"}) {
    INFO(name);
    REQUIRE(variant_of(a, name)["outcome"] == "written");
    VImage w = decode(t.get(std::string("dist/") + name), true);
    CHECK(w.get_int("n-pages") == 3);
    CHECK(w.get_array_int("delay") == std::vector<int>{100, 200, 300});
    CHECK(w.get_int("loop") == 2);
  }
  VImage small = decode(t.get("dist/anim-60w.webp"), true);
  CHECK(small.width() == 60);
  CHECK(small.get_int("page-height") == 40);
  CHECK(small.height() == 120);
  // Frame colours stay apart: no frame bleeds into the next.
  CHECK(pixel(small, 30, 20, 0) < 30);
  CHECK(pixel(small, 30, 100, 0) > 170);
  // 30w is made from 60w, frame by frame.
  REQUIRE(variant_of(a, "anim-30w.webp")["outcome"] == "written");
  VImage smaller = decode(t.get("dist/anim-30w.webp"), true);
  CHECK(smaller.get_int("n-pages") == 3);
  CHECK(smaller.width() == 30);
  CHECK(smaller.get_int("page-height") == 20);
  CHECK(pixel(smaller, 15, 10, 0) < 30);
  CHECK(pixel(smaller, 15, 50, 0) > 170);
}

TEST_CASE("images: bad files get a message each and the run goes on, exit code 3", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  std::string good = jpeg(photo(320, 240));
  t.put("dist/good.jpg", good);
  t.put("dist/truncated.jpg", good.substr(0, good.size() / 2));
  t.put("dist/empty.png", "");
  t.put("dist/huge.png", huge_png_header());
  t.put("dist/notimage.png", "this is text, not a PNG");
  t.put("dist/big.png", png(photo(400, 400)));
  Run r = run_images(t.path + "/dist", {"--no-cache", "--max-pixels", "100000"});
  CHECK(r.code == 3);
  CHECK(r.report["counts"]["failed"] == 5);
  CHECK(r.report["counts"]["converted"] == 1);
  CHECK(variant_of(image_of(r.report, "good.jpg"), "good.webp")["outcome"] == "written");
  std::map<std::string, std::string> messages;
  for (const auto& d : r.report["diagnostics"]) messages[d["path"]] = d["message"];
  CHECK(messages["empty.png"] == "empty file (0 bytes)");
  CHECK_THAT(messages["huge.png"], Catch::Contains("10,000,000,000 pixels") &&
                                       Catch::Contains("--max-pixels"));
  CHECK_THAT(messages["big.png"], Catch::Contains("160,000 pixels"));
  CHECK_THAT(messages["truncated.jpg"], Catch::Contains("cannot decode"));
  CHECK_THAT(messages["notimage.png"], Catch::Contains("not a readable image"));
  CHECK_FALSE(t.exists("dist/truncated.webp"));
  CHECK_THAT(r.err, Catch::Contains("kiln: error: truncated.jpg: "));
}

TEST_CASE("images: never bigger than the source; stale variants removed, others kept", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  // A JPEG at quality 20: WebP at quality 100 cannot beat it.
  t.put("dist/lowq.jpg", jpeg(photo(600, 400), 20));
  t.put("dist/lowq.webp", "left over from an earlier run");
  t.put("dist/lowq-300w.webp", "left over too");
  std::string unrelated = take(photo(200, 100).webpsave_buffer());
  t.put("dist/unrelated.webp", unrelated);
  Run r = run_images(t.path + "/dist", {"--no-cache", "--quality", "100", "--widths", "300"});
  REQUIRE(r.code == 0);
  const json& img = image_of(r.report, "lowq.jpg");
  const json& full = variant_of(img, "lowq.webp");
  CHECK(full["outcome"] == "not-smaller");
  CHECK(full["bytes"].get<uint64_t>() >= img["bytes"].get<uint64_t>());
  CHECK_THAT(full["reason"].get<std::string>(), Catch::Contains("not smaller than the source"));
  CHECK(full["removedStale"] == true);
  CHECK_FALSE(t.exists("dist/lowq.webp"));
  CHECK(r.report["counts"]["earlierVariants"] == 2);
  CHECK(t.get("dist/unrelated.webp") == unrelated);
  CHECK(r.report["counts"]["images"] == 2);  // unrelated.webp is a source (is-source full size)
  CHECK(variant_of(image_of(r.report, "unrelated.webp"), "unrelated.webp")["outcome"] == "is-source");
  CHECK(r.code == 0);
}

TEST_CASE("images: a warm re-run converts nothing and writes nothing", "[images]") {
  kiln::image::ensure_vips();
  kiln::fs::MemoryDisk disk;
  disk.put("/d/a.jpg", jpeg(photo(800, 600)));
  disk.put("/d/b/flat.png", png(flat_with_alpha(300, 200)));
  disk.put("/d/anim.gif", animated_gif());
  kiln::image::ImageOptions opt;
  opt.encode.widths = {200, 400};
  opt.jobs = 2;

  auto pass = [&](bool force) {
    kiln::Diagnostics diags;
    auto scanned = kiln::scan::scan_tree(disk, "/d", {}, diags);
    REQUIRE(scanned);
    kiln::cache::ContentCache cache(disk, "/cache");
    opt.force = force;
    auto result = kiln::image::convert_images(disk, "/d", scanned->files, opt, cache, diags);
    CHECK_FALSE(diags.has_errors());
    return result;
  };
  auto first = pass(false);
  REQUIRE(first.images.size() == 3);
  size_t writes = disk.writes();
  auto files = disk.files();

  auto second = pass(false);
  CHECK(disk.writes() == writes);  // nothing written, not even the cache
  CHECK(disk.files() == files);
  REQUIRE(second.images.size() == 3);
  for (const auto& img : second.images) {
    CHECK(img.from_cache);
    for (const auto& v : img.variants) CHECK(v.outcome != kiln::image::Outcome::written);
  }
  CHECK(second.cache_hits == 3);
  CHECK(second.cache_misses == 0);

  // --force converts again, with the same bytes, so still nothing to write but the cache.
  auto forced = pass(true);
  for (const auto& img : forced.images) CHECK_FALSE(img.from_cache);
  CHECK(disk.files() == files);
}

TEST_CASE("images: -j1 and -j4 write identical bytes", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  // The same bytes in both folders (the noise is random).
  std::map<std::string, std::string> inputs = {{"a.jpg", jpeg(photo(900, 600))},
                                               {"b.png", png(flat_with_alpha(500, 300))},
                                               {"c/d.png", png(photo(640, 480))},
                                               {"anim.gif", animated_gif()}};
  for (const char* run : {"one", "four"})
    for (const auto& [name, bytes] : inputs) t.put(std::string(run) + "/" + name, bytes);
  Run one = run_images(t.path + "/one", {"--no-cache", "-j1", "--widths", "160,320"});
  Run four = run_images(t.path + "/four", {"--no-cache", "-j4", "--widths", "160,320"});
  REQUIRE(one.code == 0);
  REQUIRE(four.code == 0);
  CHECK(one.report["images"] == four.report["images"]);
  size_t compared = 0;
  for (const auto& entry : stdfs::recursive_directory_iterator(t.path + "/one")) {
    if (entry.path().extension() != ".webp") continue;
    std::string rel = stdfs::relative(entry.path(), t.path + "/one").string();
    INFO(rel);
    CHECK(t.get("one/" + rel) == t.get("four/" + rel));
    ++compared;
  }
  CHECK(compared >= 6);
}

TEST_CASE("images: same-stem sources clash; a re-run never converts its own output", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  t.put("dist/hero.jpg", jpeg(photo(400, 300)));
  t.put("dist/hero.png", png(photo(400, 300)));
  Run r = run_images(t.path + "/dist", {"--no-cache", "--widths", "200"});
  CHECK(r.code == 3);
  CHECK_THAT(r.err, Catch::Contains("kiln: error: hero.png: its variants would overwrite those of hero.jpg"));
  Run again = run_images(t.path + "/dist", {"--no-cache", "--widths", "200"});
  CHECK(again.report["counts"]["earlierVariants"] == 2);
  CHECK(again.report["counts"]["variantsWritten"] == 0);
  CHECK(again.report["counts"]["variantsUpToDate"] == 2);
}

TEST_CASE("images: --rewrite-html reads attributes as HTML does, not the tag's text", "[images][markup]") {
  kiln::image::PictureIndex index;
  index["a.png"] = {40, 30, {{"a.webp", 40}}, {}};
  std::string html =
      "<p>\n<img\tsrcset=\"a.png 1x\"\tsrc=\"a.png\">\n"    // a tab before srcset: left alone
      "<img alt=\"width and height\" src=\"a.png\">\n"           // alt names width: sizes added
      "<picture-frame><img src=\"a.png\"></picture-frame>\n"      // not a <picture>: rewritten
      "<noscript><img src=\"a.png\"></noscript>\n"                // no image with scripts on: left alone
      "<picture><img src=\"a.png\"></picture >\n</p>\n";          // already a picture: left alone
  kiln::parse::Parser parser;
  auto parsed = parser.parse(kiln::parse::Syntax::html, html);
  kiln::resolve::UrlResolver resolver;
  uint32_t n = 0;
  auto out = kiln::image::rewrite_pictures(html, "index.html", parsed, index, resolver, n);
  REQUIRE(out);
  CHECK(n == 2);
  CHECK(*out ==
        "<p>\n<img\tsrcset=\"a.png 1x\"\tsrc=\"a.png\">\n"
        "<picture><source type=\"image/webp\" srcset=\"a.webp 40w\"><img alt=\"width and height\" src=\"a.png\" "
        "width=\"40\" height=\"30\"></picture>\n"
        "<picture-frame><picture><source type=\"image/webp\" srcset=\"a.webp 40w\"><img src=\"a.png\" width=\"40\" "
        "height=\"30\"></picture></picture-frame>\n"
        "<noscript><img src=\"a.png\"></noscript>\n"
        "<picture><img src=\"a.png\"></picture >\n</p>\n");
}

TEST_CASE("images: --rewrite-html turns <img> into <picture>, touching only the tag", "[images][markup]") {
  kiln::image::PictureIndex index;
  index["img/hero.png"] = {1920, 1080,
                           {{"img/hero-640w.webp", 640}, {"img/hero.webp", 1920}},
                           {{"img/hero.avif", 1920}}};
  std::string html =
      "<!doctype html>\n<main>\n  <IMG alt=\"a > b\" src='/img/hero.png?v=2' loading=lazy>\n"
      "  <img src=\"img/hero.png\" width=\"10\" height=\"5\">\n"
      "  <picture><source srcset=\"x.webp\"><img src=\"img/hero.png\"></picture>\n"
      "  <img src=\"img/hero.png\" srcset=\"img/hero.png 1x\">\n  <img src=\"img/other.png\">\n</main>\n";
  kiln::parse::Parser parser;
  auto parsed = parser.parse(kiln::parse::Syntax::html, html);
  kiln::resolve::UrlResolver resolver;
  uint32_t n = 0;
  auto out = kiln::image::rewrite_pictures(html, "index.html", parsed, index, resolver, n);
  REQUIRE(out);
  CHECK(n == 2);
  CHECK(*out ==
        "<!doctype html>\n<main>\n  <picture><source type=\"image/avif\" srcset=\"/img/hero.avif?v=2 1920w\">"
        "<source type=\"image/webp\" srcset=\"/img/hero-640w.webp?v=2 640w, /img/hero.webp?v=2 1920w\">"
        "<IMG alt=\"a > b\" src='/img/hero.png?v=2' width=\"1920\" height=\"1080\" loading=lazy></picture>\n"
        "  <picture><source type=\"image/avif\" srcset=\"img/hero.avif 1920w\"><source type=\"image/webp\" "
        "srcset=\"img/hero-640w.webp 640w, img/hero.webp 1920w\"><img src=\"img/hero.png\" width=\"10\" "
        "height=\"5\"></picture>\n"
        "  <picture><source srcset=\"x.webp\"><img src=\"img/hero.png\"></picture>\n"
        "  <img src=\"img/hero.png\" srcset=\"img/hero.png 1x\">\n  <img src=\"img/other.png\">\n</main>\n");
  // Run again on its own output: nothing left to rewrite.
  auto again_parsed = parser.parse(kiln::parse::Syntax::html, *out);
  uint32_t m = 0;
  CHECK_FALSE(kiln::image::rewrite_pictures(*out, "index.html", again_parsed, index, resolver, m));
}

TEST_CASE("images: --rewrite-html counts what it changed; a dry run changes nothing and says so", "[images][markup]") {
  kiln::image::ensure_vips();
  TempDir t;
  t.put("dist/img/photo.jpg", jpeg(photo(400, 300)));
  const std::string page = "<!doctype html>\n<img src=\"img/photo.jpg\" alt=\"p\">\n<img src=\"img/photo.jpg\">\n";
  t.put("dist/index.html", page);
  t.put("dist/other.html", "<!doctype html>\n<p>no images</p>\n");
  Run dry = run_images(t.path + "/dist", {"--no-cache", "--widths", "200", "--rewrite-html", "-n"});
  CHECK(dry.code == 0);
  CHECK(dry.report["rewriteHtml"] == json{{"pictures", 2}, {"pages", 1}});
  CHECK(t.get("dist/index.html") == page);
  Run r = run_images(t.path + "/dist", {"--no-cache", "--widths", "200", "--rewrite-html"});
  CHECK(r.code == 0);
  CHECK(r.report["rewriteHtml"] == json{{"pictures", 2}, {"pages", 1}});
  CHECK(t.get("dist/index.html").find("<picture><source type=\"image/webp\" srcset=\"img/photo-200w.webp 200w, "
                                      "img/photo.webp 400w\">") != std::string::npos);
  Run plain = run_images(t.path + "/dist", {"--no-cache", "--widths", "200"});
  CHECK(plain.report["rewriteHtml"].is_null());
  std::ostringstream out, err;
  CHECK(kiln::cli::run({"images", t.path + "/dist", "--no-cache", "--widths", "200", "--rewrite-html", "-n"}, out, err) == 0);
  CHECK(out.str().find("  --rewrite-html: 0 <img> tags would become <picture> in 0 pages\n") != std::string::npos);
}

namespace {

// A 200x100 drawing of 1,500 translucent circles: heavy enough as SVG text that WebP wins.
std::string busy_svg() {
  static const char* const colours[] = {"#c33", "#3a3", "#33c", "#cb3"};
  std::string s = R"(<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">)";
  for (int i = 0; i < 1500; ++i)
    s += "<circle cx=\"" + std::to_string(i * 37 % 200) + "\" cy=\"" + std::to_string(i * 53 % 100) +
         "\" r=\"" + std::to_string(1 + i % 7) + "\" fill=\"" + colours[i % 4] + "\" fill-opacity=\"0.5\"/>";
  return s + "</svg>";
}

}  // namespace

TEST_CASE("images: SVG is left alone unless --rasterize-svg renders each variant at its size", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  t.put("dist/drawing.svg", busy_svg());

  Run plain = run_images(t.path + "/dist", {"--no-cache", "--widths", "100,400"});
  REQUIRE(plain.code == 0);
  CHECK(plain.report["counts"]["svgLeftAlone"] == 1);
  CHECK(plain.report["images"].empty());
  CHECK_FALSE(t.exists("dist/drawing.webp"));

  Run r = run_images(t.path + "/dist", {"--no-cache", "--widths", "100,400", "--rasterize-svg"});
  REQUIRE(r.code == 0);
  CHECK(r.report["counts"]["svgLeftAlone"] == 0);
  const json& img = image_of(r.report, "drawing.svg");
  struct Want {
    const char* path;
    int w, h;
  };
  // 400w is above the drawing's own 200 px: rendered at that size, not refused as an upscale.
  for (Want want : {Want{"drawing.webp", 200, 100}, Want{"drawing-100w.webp", 100, 50}, Want{"drawing-400w.webp", 400, 200}}) {
    INFO(want.path);
    const json& v = variant_of(img, want.path);
    CHECK(v["outcome"] == "written");
    CHECK(v["width"] == want.w);
    CHECK(v["height"] == want.h);
    VImage out = decode(t.get(std::string("dist/") + want.path));
    CHECK(out.width() == want.w);
    CHECK(out.height() == want.h);
    CHECK(out.has_alpha());  // translucent circles stay translucent
    CHECK(out.extract_band(3).min() < 255);
  }
  // Never bigger, with the chain ordered by width: 400w is compared with the source, the
  // 200 px full size with 400w, 100w with the full size; all three are smaller, so all kept.
  CHECK(variant_of(img, "drawing-400w.webp")["bytes"] < img["bytes"]);
  CHECK(variant_of(img, "drawing.webp")["bytes"] < variant_of(img, "drawing-400w.webp")["bytes"]);
}

TEST_CASE("images: --max-pixels is part of the cache key (an SVG's skipped widths are cached)", "[images]") {
  kiln::image::ensure_vips();
  TempDir t;
  t.put("dist/drawing.svg", busy_svg());
  std::vector<std::string> common = {"--cache-dir", t.path + "/cache", "--rasterize-svg", "--widths", "400"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), common.begin(), common.end());
    return run_images(t.path + "/dist", extra);
  };
  Run tight = with({"--max-pixels", "50000"});  // 400x200 = 80,000 pixels: over
  CHECK(variant_of(image_of(tight.report, "drawing.svg"), "drawing-400w.webp")["outcome"] == "over-limit");
  Run loose = with({"--max-pixels", "100000"});
  CHECK(variant_of(image_of(loose.report, "drawing.svg"), "drawing-400w.webp")["outcome"] != "over-limit");
  CHECK(loose.report["counts"]["fromCache"] == 0);
}
