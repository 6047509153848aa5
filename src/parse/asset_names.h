// Strings in JS and CSS that are an asset's file name ("marker-shadow.png",
// "images/marker-icon.png") without being a reference the extractors found: code that builds
// an asset's URL at run time (Leaflet joins the folder of its CSS marker image and
// "marker-shadow.png") names the file only this way. A lexical scan: a quoted token with no
// space, ending in an asset extension (images, fonts, media, data), not a script, stylesheet
// or page.
#pragma once

#include <string_view>
#include <vector>

#include "parse/reference.h"

namespace kiln::parse {

// Appends an asset_name reference (range inside the quotes) for each such token in `src`
// whose range is not already one of `refs`.
void scan_asset_names(std::string_view src, std::vector<Reference>& refs);

}  // namespace kiln::parse
