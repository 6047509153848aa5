// What a file is, from its name: decides which parser reads it and how it is counted.
#pragma once

#include <string_view>

namespace kiln::scan {

enum class FileKind {
  document,    // .html .htm .xhtml
  script,      // .js .cjs .mjs (whether it is an ES module is decided by the parse)
  stylesheet,  // .css
  image,       // .png .jpg .jpeg .gif .webp .avif .svg .ico .bmp .tif .tiff
  font,        // .woff .woff2 .ttf .otf .eot
  media,       // .mp4 .webm .mp3 .ogg .wav ...
  sourcemap,   // .map
  manifest,    // .webmanifest, manifest.json
  data,        // .json .xml .txt .csv ...
  wasm,        // .wasm
  sidecar,     // .br .gz .zst: precompressed copies of another file
  other,
};

FileKind kind_from_path(std::string_view path);
const char* kind_name(FileKind kind);

// The extension without the dot, lower-case ("js" for "a/b.min.JS"); empty when none.
std::string_view extension_of(std::string_view path, char* buffer, size_t size);

}  // namespace kiln::scan
