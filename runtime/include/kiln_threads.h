/*===- kiln_threads.h - A thread pool for Kiln's parallel loops (C99) -----===*
 *
 * kiln_rt_threads: a small persistent pthread pool implementing the
 * runtime's kiln_parallel_runner, so that the loops generated code runs
 * through kiln_parallel_for are split over threads. For hosted programs
 * only (pthreads); firmware keeps the serial default. The pool allocates
 * when it is created, never when it runs.
 *
 * With a model archive (kiln compile, NAME.a embeds kiln_rt) linked into the
 * program, link libkiln_rt_threads.a and -pthread too, then:
 *
 *   kiln_threads *pool;
 *   if (kiln_threads_create(2, &pool) != KILN_STATUS_OK)
 *     ...;                             (the models still run, serially)
 *   kiln_threads_install(pool);        (before any model runs)
 *   ... NAME_run(&in, &out, workspace) as usual, any number of times ...
 *   kiln_threads_install(NULL);        (back to serial)
 *   kiln_threads_destroy(pool);
 *
 * A model in a shared library (kiln compile --emit shared) carries its own
 * copy of kiln_rt, with its own installed runner: install the pool through
 * that library's kiln_set_parallel_runner, looked up with dlsym:
 *
 *   void *sym = dlsym(lib, "kiln_set_parallel_runner");
 *   void (*set_runner)(kiln_parallel_runner, void *);
 *   memcpy(&set_runner, &sym, sizeof sym);  (ISO C: no void * to function)
 *   set_runner(kiln_threads_run, pool);
 *
 * Such a host links libkiln_rt_threads.a all the same: kiln_threads_install,
 * the one function that needs a kiln_rt in the link, is a member of its own
 * and only linked where it is called.
 *
 * A run gives each of min(n, threads) threads a contiguous range of [0, n)
 * of equal size (+-1); the calling thread takes the first. Each thread runs
 * its range in pieces, then takes over what is left of the others' ranges,
 * so body is called on several disjoint chunks [begin, end) per thread. The
 * run returns once every chunk is done, whichever threads ran them: a
 * worker that has not started yet (descheduled by the OS, or still waking
 * up) holds nothing back, the others take its range over. Waiting threads
 * poll briefly, then sleep on a condition variable. One loop runs on a pool
 * at a time: a kiln_threads_run that finds
 * the pool busy (another thread running a model at the same moment, or a
 * loop body calling in) runs its loop serially on the calling thread, so
 * results never depend on it and nothing deadlocks.
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_THREADS_H
#define KILN_THREADS_H

#include "kiln_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most threads one pool may have. */
#define KILN_THREADS_MAX 1024

/** A pool of worker threads. Opaque. */
typedef struct kiln_threads kiln_threads;

/** Creates a pool of `num_threads` threads in all, the calling thread of
 *  each run included (so num_threads - 1 workers are started); 0 means one
 *  per online CPU. Returns KILN_STATUS_OK and the pool in *out_pool,
 *  KILN_STATUS_INVALID_ARGUMENT if num_threads is negative or above
 *  KILN_THREADS_MAX or out_pool is NULL, KILN_STATUS_RUNTIME_ERROR if the
 *  system refused memory or a thread; *out_pool is NULL on any error. */
int32_t kiln_threads_create(int32_t num_threads, kiln_threads **out_pool);

/** Stops and joins the workers and frees the pool; NULL is ignored. Call it
 *  after the last run has returned and the pool is no longer installed. */
void kiln_threads_destroy(kiln_threads *pool);

/** The number of threads of a pool, the caller's included. */
int32_t kiln_threads_count(const kiln_threads *pool);

/** The runner: runs body over [0, n) on the pool `runner_context` (a
 *  kiln_threads *). It has the kiln_parallel_runner signature, for
 *  kiln_set_parallel_runner. Returns when every chunk is done. */
void kiln_threads_run(void *runner_context, int64_t n, kiln_parallel_body body,
                      void *context);

/** kiln_set_parallel_runner(kiln_threads_run, pool) on the kiln_rt linked
 *  into this program (a model archive embeds it); NULL restores the serial
 *  runner. Not thread-safe: call it while no model runs. The only function
 *  here that needs kiln_rt in the link: a host that only dlopens models
 *  installs kiln_threads_run through each library's own
 *  kiln_set_parallel_runner, as above. */
void kiln_threads_install(kiln_threads *pool);

#ifdef __cplusplus
}
#endif

#endif /* KILN_THREADS_H */
