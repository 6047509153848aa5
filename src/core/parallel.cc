#include "core/parallel.h"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <thread>

namespace kiln {

namespace {

// The thread count of the parallel_for this thread is working for; 1 outside one.
thread_local unsigned t_pool_threads = 1;

}  // namespace

unsigned effective_jobs(unsigned requested) {
  if (requested > 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

void parallel_for(size_t n, unsigned jobs, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  unsigned threads = effective_jobs(jobs);
  if (threads == 1 || n == 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  if (threads > n) threads = static_cast<unsigned>(n);
  // Each TBB task is a worker draining a shared counter: claim order equals index order.
  std::atomic<size_t> next{0};
  // -j above the core count is honoured (TBB would otherwise cap it and warn on stderr).
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, threads);
  tbb::task_arena arena(static_cast<int>(threads));
  arena.execute([&] {
    tbb::parallel_for(0u, threads, [&](unsigned) {
      unsigned outer = t_pool_threads;
      t_pool_threads = threads;
      for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
      t_pool_threads = outer;
    });
  });
}

void nested_for(size_t n, const std::function<void(size_t)>& fn) {
  if (t_pool_threads <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  tbb::task_group group;  // wait() runs tasks on this thread too and rethrows their exceptions
  for (size_t i = 0; i < n; ++i) group.run([&fn, i] { fn(i); });
  group.wait();
}

}  // namespace kiln
