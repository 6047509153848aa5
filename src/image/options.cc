#include "image/options.h"

#include <algorithm>
#include <charconv>

namespace kiln::image {

const char* webp_mode_name(WebpMode m) {
  switch (m) {
    case WebpMode::automatic: return "auto";
    case WebpMode::lossy: return "lossy";
    case WebpMode::lossless: return "lossless";
    case WebpMode::near_lossless: return "near-lossless";
  }
  return "?";
}

std::string EncodeSettings::describe() const {
  std::string s = "webp mode=";
  s += webp_mode_name(mode);
  if (mode == WebpMode::automatic) s += "(once per image, sampled)";  // the rule of 2026-12
  s += " q=" + std::to_string(quality) + " effort=" + std::to_string(effort) +
       " alpha_q=" + std::to_string(alpha_quality) +
       " smart_subsample=" + (smart_subsample ? "1" : "0") + " preset=" + preset + " widths=";
  for (uint32_t w : widths) s += std::to_string(w) + ",";
  if (avif) s += " avif q=" + std::to_string(avif_quality) + " effort=" + std::to_string(avif_effort);
  return s;
}

Result<std::vector<uint32_t>> parse_widths(const std::vector<std::string>& items) {
  std::vector<uint32_t> out;
  for (const auto& raw : items) {
    std::string item = raw;
    while (!item.empty() && item.back() == 'w') item.pop_back();  // "640w" is fine too
    uint32_t w = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), w);
    if (ec != std::errc() || end != item.data() + item.size() || w == 0 || w > kMaxDimension)
      return Error{"'" + raw + "' is not a width in pixels (1 to " + std::to_string(kMaxDimension) + ")"};
    out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool valid_preset(const std::string& name) {
  for (const char* p : {"default", "picture", "photo", "drawing", "icon", "text"})
    if (name == p) return true;
  return false;
}

}  // namespace kiln::image
