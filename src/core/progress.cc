#include "core/progress.h"

#include <unistd.h>

#include <cstdio>

namespace kiln {

bool Progress::stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

Progress::Progress(bool enabled, std::string phase, uint64_t total)
    : enabled_(enabled), phase_(std::move(phase)), total_(total) {}

Progress::~Progress() { finish(); }

void Progress::advance(uint64_t n) {
  uint64_t done = done_.fetch_add(n) + n;
  if (enabled_) draw(done);
}

void Progress::draw(uint64_t done) {
  std::unique_lock lock(draw_mu_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another thread is drawing; skip this tick
  auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  std::fprintf(stderr, "\r\033[K%s %llu/%llu files", phase_.c_str(),
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_));
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  std::lock_guard lock(draw_mu_);
  if (drawn_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace kiln
