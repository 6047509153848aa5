#include "core/free_memory.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace kiln {

void return_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);  // every arena, and whole free pages inside them (glibc >= 2.8)
#endif
}

}  // namespace kiln
