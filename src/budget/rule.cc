#include "budget/rule.h"

namespace kiln::budget {

const char* format_name(Format f) {
  switch (f) {
    case Format::kiln: return "kiln";
    case Format::lighthouse: return "lighthouse";
    case Format::size_limit: return "size-limit";
    case Format::bundlesize: return "bundlesize";
    case Format::bundlewatch: return "bundlewatch";
  }
  return "kiln";
}

const char* compression_name(Compression c) {
  switch (c) {
    case Compression::raw: return "raw";
    case Compression::gzip: return "gzip";
    case Compression::brotli: return "brotli";
  }
  return "brotli";
}

const char* status_name(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::warn: return "warn";
    case Status::fail: return "fail";
    case Status::skip: return "skip";
  }
  return "skip";
}

}  // namespace kiln::budget
