#include "core/perf.h"

#include <sys/resource.h>

#include <cstdio>
#include <ostream>

namespace kiln {

double process_cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto ms = [](const timeval& tv) { return double(tv.tv_sec) * 1e3 + double(tv.tv_usec) / 1e3; };
  return ms(usage.ru_utime) + ms(usage.ru_stime);
}

Perf::Scope::Scope(Perf& perf, std::string name)
    : perf_(perf),
      name_(std::move(name)),
      wall_start_(std::chrono::steady_clock::now()),
      cpu_start_ms_(process_cpu_ms()) {}

Perf::Scope::~Scope() {
  std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - wall_start_;
  perf_.phases_.push_back({name_, wall.count(), process_cpu_ms() - cpu_start_ms_});
}

void Perf::print(std::ostream& out) const {
  char line[128];
  std::snprintf(line, sizeof line, "%-16s %10s %10s\n", "phase", "wall ms", "cpu ms");
  out << line;
  double wall = 0, cpu = 0;
  for (const auto& p : phases_) {
    std::snprintf(line, sizeof line, "%-16s %10.1f %10.1f\n", p.name.c_str(), p.wall_ms, p.cpu_ms);
    out << line;
    wall += p.wall_ms;
    cpu += p.cpu_ms;
  }
  std::snprintf(line, sizeof line, "%-16s %10.1f %10.1f\n", "total", wall, cpu);
  out << line;
}

}  // namespace kiln
