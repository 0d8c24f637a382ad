/*===- threads_install.c - Install a pool as the parallel-for runner ------===*
 *
 * Apart from threads.c because it needs the core runtime (kiln_rt, which a
 * model archive embeds) in the link: a host that loads models from shared
 * libraries installs the pool through each library's own
 * kiln_set_parallel_runner instead, and links threads.c alone.
 *
 *===----------------------------------------------------------------------===*/
#include "kiln_threads.h"

void kiln_threads_install(kiln_threads *pool) {
  if (pool)
    kiln_set_parallel_runner(kiln_threads_run, pool);
  else
    kiln_set_parallel_runner(0, 0);
}
