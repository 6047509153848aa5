#include "analysis/analysis.h"

namespace kiln::pipeline {

const char* resource_type_name(ResourceType t) {
  switch (t) {
    case ResourceType::document: return "document";
    case ResourceType::script: return "script";
    case ResourceType::stylesheet: return "stylesheet";
    case ResourceType::image: return "image";
    case ResourceType::font: return "font";
    case ResourceType::media: return "media";
    case ResourceType::other: return "other";
  }
  return "other";
}

ResourceType resource_type_of(scan::FileKind kind) {
  switch (kind) {
    case scan::FileKind::document: return ResourceType::document;
    case scan::FileKind::script: return ResourceType::script;
    case scan::FileKind::stylesheet: return ResourceType::stylesheet;
    case scan::FileKind::image: return ResourceType::image;
    case scan::FileKind::font: return ResourceType::font;
    case scan::FileKind::media: return ResourceType::media;
    default: return ResourceType::other;
  }
}

SizeBreakdown breakdown(const Analysis& a, const std::vector<scan::FileId>& ids) {
  SizeBreakdown b;
  for (auto id : ids) {
    const auto& s = a.facts[id].sizes;
    auto t = static_cast<size_t>(resource_type_of(a.files[id].kind));
    b.total += s;
    b.by_type[t] += s;
    ++b.count_by_type[t];
    ++b.files;
  }
  return b;
}

}  // namespace kiln::pipeline
