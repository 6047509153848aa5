#include "scan/file_kind.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace kiln::scan {

std::string_view extension_of(std::string_view path, char* buffer, size_t size) {
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string_view ext = name.substr(dot + 1);
  if (ext.size() >= size) return {};
  for (size_t i = 0; i < ext.size(); ++i)
    buffer[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(ext[i])));
  return {buffer, ext.size()};
}

FileKind kind_from_path(std::string_view path) {
  char buf[16];
  std::string_view ext = extension_of(path, buf, sizeof buf);
  auto in = [&](std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), ext) != list.end();
  };
  size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (in({"html", "htm", "xhtml"})) return FileKind::document;
  if (in({"js", "mjs", "cjs"})) return FileKind::script;
  if (in({"css"})) return FileKind::stylesheet;
  if (in({"png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff", "jxl"}))
    return FileKind::image;
  if (in({"woff", "woff2", "ttf", "otf", "eot"})) return FileKind::font;
  if (in({"mp4", "webm", "ogv", "mp3", "ogg", "oga", "wav", "flac", "m4a", "aac", "mov", "vtt"}))
    return FileKind::media;
  if (in({"map"})) return FileKind::sourcemap;
  if (in({"webmanifest"}) || name == "manifest.json") return FileKind::manifest;
  if (in({"json", "jsonld", "xml", "txt", "csv", "tsv", "md", "rss", "atom", "ics", "yaml", "yml"}))
    return FileKind::data;
  if (in({"wasm"})) return FileKind::wasm;
  if (in({"br", "gz", "zst"})) return FileKind::sidecar;
  return FileKind::other;
}

const char* kind_name(FileKind kind) {
  switch (kind) {
    case FileKind::document: return "document";
    case FileKind::script: return "script";
    case FileKind::stylesheet: return "stylesheet";
    case FileKind::image: return "image";
    case FileKind::font: return "font";
    case FileKind::media: return "media";
    case FileKind::sourcemap: return "sourcemap";
    case FileKind::manifest: return "manifest";
    case FileKind::data: return "data";
    case FileKind::wasm: return "wasm";
    case FileKind::sidecar: return "sidecar";
    case FileKind::other: return "other";
  }
  return "other";
}

}  // namespace kiln::scan
