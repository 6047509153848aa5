// `kiln images --rewrite-html`: every <img src> in a page that names a converted image
// becomes a <picture> with AVIF/WebP <source srcset>s (each width a candidate), keeping the
// original <img> as the fallback and adding width/height when they are missing, so the
// browser reserves the space. Only the <img> tag's own bytes change (its range comes from
// the HTML parse); an <img> already inside a <picture>, or with its own srcset, is left alone.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "image/images.h"
#include "parse/reference.h"
#include "resolve/url_resolver.h"

namespace kiln::image {

struct PictureInfo {
  uint32_t width = 0, height = 0;  // of the source, after orientation
  std::vector<std::pair<std::string, uint32_t>> webp, avif;  // (variant path, width), widest last
};
using PictureIndex = std::map<std::string, PictureInfo>;  // by source path

PictureIndex picture_index(const ImagesResult& result);

// The page with its <img> tags rewritten, or nothing when no tag changed.
std::optional<std::string> rewrite_pictures(std::string_view html, const std::string& html_path,
                                            const parse::ParsedFile& parsed, const PictureIndex& index,
                                            const resolve::UrlResolver& resolver, uint32_t& rewritten);

// Rewrites every page among `files` in place (atomically; with `dry_run` only counts): the
// <img> tags and pages changed, a page whose write failed not counted (its error reported).
PictureRewrite rewrite_pages(fs::Disk& disk, const std::string& root, const std::vector<scan::FileEntry>& files,
                             const ImagesResult& result, const std::string& base, bool dry_run,
                             Diagnostics& diags);

}  // namespace kiln::image
