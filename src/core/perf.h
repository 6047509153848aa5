// Phase timers for `--perf`: each pipeline phase is timed (wall and CPU of the process) and
// printed as a table in the order the phases ran.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

namespace kiln {

struct PhaseTime {
  std::string name;
  double wall_ms = 0;
  double cpu_ms = 0;
};

class Perf {
 public:
  class Scope {
   public:
    Scope(Perf& perf, std::string name);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Perf& perf_;
    std::string name_;
    std::chrono::steady_clock::time_point wall_start_;
    double cpu_start_ms_;
  };

  Scope phase(std::string name) { return Scope(*this, std::move(name)); }
  const std::vector<PhaseTime>& phases() const { return phases_; }
  void print(std::ostream& out) const;

 private:
  std::vector<PhaseTime> phases_;
};

double process_cpu_ms();

}  // namespace kiln
