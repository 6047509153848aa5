#include "fs/crash_point.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string_view>

namespace kiln::fs {

void crash_point() {
  static const long target = [] {
    const char* v = std::getenv("KILN_CRASH_AT");
    return v ? std::atol(v) : 0L;
  }();
  static const int sig = [] {
    const char* v = std::getenv("KILN_CRASH_SIGNAL");
    return v && std::string_view(v) == "TERM" ? SIGTERM : SIGKILL;
  }();
  static std::atomic<long> passed{0};
  if (target > 0 && passed.fetch_add(1) + 1 == target) std::raise(sig);
}

}  // namespace kiln::fs
