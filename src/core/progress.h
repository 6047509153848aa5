// A one-line progress indicator on stderr (`compress  120/480 files`), drawn only when
// stderr is a terminal and the user did not ask for --quiet; in CI logs it stays silent.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace kiln {

class Progress {
 public:
  // enabled: draw at all (callers pass `isatty(2) && !quiet`).
  Progress(bool enabled, std::string phase, uint64_t total);
  ~Progress();
  void advance(uint64_t n = 1);
  void finish();

  static bool stderr_is_terminal();

 private:
  void draw(uint64_t done);

  bool enabled_;
  std::string phase_;
  uint64_t total_;
  std::atomic<uint64_t> done_{0};
  std::mutex draw_mu_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace kiln
