// Data-parallel loops for the phases. Work items are taken in the order given (callers put
// the largest first), each by exactly one worker; callers write results into their own slot
// and sort afterwards, so output never depends on the number of threads.
#pragma once

#include <cstddef>
#include <functional>

namespace kiln {

// Number of worker threads for `--jobs N` (0 = one per hardware thread).
unsigned effective_jobs(unsigned requested);

// Calls fn(i) for every i in [0, n) on up to `jobs` threads, inside a oneTBB arena of that
// size. Items are claimed in index order, one at a time (no chunking): with brotli q11 a
// single 5 MB bundle takes seconds, so largest-first claiming keeps both cores busy to the
// end where TBB's range splitting would leave the big item to whichever leaf gets it.
void parallel_for(size_t n, unsigned jobs, const std::function<void(size_t)>& fn);

// Calls fn(i) for every i in [0, n) from inside a parallel_for item: side by side when that
// parallel_for has more than one thread (a worker that has run out of items takes these up,
// so one large item at the end does not leave the other cores idle), else one after
// another on the calling thread. Callers write into their own slots, as above.
void nested_for(size_t n, const std::function<void(size_t)>& fn);

}  // namespace kiln
