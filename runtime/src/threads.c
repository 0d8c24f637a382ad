/*===- threads.c - kiln_rt_threads, a pthread pool for parallel loops -----===*
 *
 * One run publishes a loop (n, body, context) by bumping a generation
 * counter; each worker runs its chunk and counts itself done; the caller
 * runs the first chunk and waits for the count to reach zero. Polling before
 * sleeping keeps back-to-back loops (one per layer) from paying a
 * condition-variable wake-up each. The atomics are the GCC/Clang __atomic
 * builtins: C99 has none of its own.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "kiln_threads.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#if !defined(__GNUC__)
#error "kiln_rt_threads needs the GCC/Clang __atomic builtins"
#endif

/* Polls of a waiting thread before it sleeps: a few microseconds. */
#define KILN_THREADS_SPIN 4096
/* Separates the counters different threads poll, against false sharing. */
#define KILN_CACHE_LINE 64

typedef struct kiln_worker {
  kiln_threads *pool;
  int32_t index; /* 1 .. num_threads - 1; the caller is 0 */
  pthread_t thread;
} kiln_worker;

struct kiln_threads {
  int32_t num_threads;
  kiln_worker *workers; /* num_threads - 1 of them */
  pthread_mutex_t mutex;
  pthread_cond_t wake; /* workers: the generation moved */
  pthread_cond_t done; /* the caller: remaining reached 0 */

  /* The published loop: written by the running caller before it bumps the
   * generation (release), read by workers after they see it (acquire). */
  int64_t n;
  kiln_parallel_body body;
  void *context;
  int32_t parts;
  int stop;

  char pad0[KILN_CACHE_LINE];
  uint64_t generation; /* bumped once per run, and once to stop */
  char pad1[KILN_CACHE_LINE];
  int32_t remaining; /* workers yet to finish the current run */
  char pad2[KILN_CACHE_LINE];
  int32_t busy; /* a run is in progress */
  char pad3[KILN_CACHE_LINE];
};

static void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
  __asm__ __volatile__("yield");
#endif
}

/* Chunk `index` of `parts` near-equal contiguous chunks of [0, n). */
static void chunk(int64_t n, int32_t parts, int32_t index, int64_t *begin,
                  int64_t *end) {
  int64_t base = n / parts, extra = n % parts;
  *begin = index * base + (index < extra ? index : extra);
  *end = *begin + base + (index < extra ? 1 : 0);
}

/* Waits until the generation differs from `seen`; returns it. */
static uint64_t wait_generation(kiln_threads *pool, uint64_t seen) {
  uint64_t g;
  int i;
  for (i = 0; i < KILN_THREADS_SPIN; ++i) {
    g = __atomic_load_n(&pool->generation, __ATOMIC_ACQUIRE);
    if (g != seen)
      return g;
    cpu_relax();
  }
  pthread_mutex_lock(&pool->mutex);
  while ((g = __atomic_load_n(&pool->generation, __ATOMIC_ACQUIRE)) == seen)
    pthread_cond_wait(&pool->wake, &pool->mutex);
  pthread_mutex_unlock(&pool->mutex);
  return g;
}

/* Bumps the generation under the mutex, so a worker that checked it and is
 * about to sleep cannot miss the broadcast. */
static void publish(kiln_threads *pool) {
  pthread_mutex_lock(&pool->mutex);
  __atomic_store_n(&pool->generation,
                   __atomic_load_n(&pool->generation, __ATOMIC_RELAXED) + 1,
                   __ATOMIC_RELEASE);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->mutex);
}

static void *worker_main(void *arg) {
  kiln_worker *self = (kiln_worker *)arg;
  kiln_threads *pool = self->pool;
  uint64_t seen = 0;
  for (;;) {
    seen = wait_generation(pool, seen);
    if (pool->stop)
      return NULL;
    if (self->index < pool->parts) {
      int64_t begin, end;
      chunk(pool->n, pool->parts, self->index, &begin, &end);
      pool->body(pool->context, begin, end);
    }
    /* Every worker reports, even without a chunk: the caller may publish the
     * next loop only once nobody reads this one's fields any more. */
    if (__atomic_sub_fetch(&pool->remaining, 1, __ATOMIC_ACQ_REL) == 0) {
      pthread_mutex_lock(&pool->mutex);
      pthread_cond_signal(&pool->done);
      pthread_mutex_unlock(&pool->mutex);
    }
  }
}

/* Stops and joins the first `started` workers, then frees everything. */
static void shut_down(kiln_threads *pool, int32_t started) {
  int32_t i;
  pthread_mutex_lock(&pool->mutex);
  pool->stop = 1;
  pthread_mutex_unlock(&pool->mutex);
  publish(pool);
  for (i = 0; i < started; ++i)
    pthread_join(pool->workers[i].thread, NULL);
  pthread_cond_destroy(&pool->done);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->mutex);
  free(pool->workers);
  free(pool);
}

int32_t kiln_threads_create(int32_t num_threads, kiln_threads **out_pool) {
  kiln_threads *pool;
  int32_t i;
  if (!out_pool)
    return KILN_STATUS_INVALID_ARGUMENT;
  *out_pool = NULL;
  if (num_threads < 0 || num_threads > KILN_THREADS_MAX)
    return KILN_STATUS_INVALID_ARGUMENT;
  if (num_threads == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    num_threads = cpus < 1                  ? 1
                  : cpus > KILN_THREADS_MAX ? KILN_THREADS_MAX
                                            : (int32_t)cpus;
  }

  pool = (kiln_threads *)calloc(1, sizeof(*pool));
  if (!pool)
    return KILN_STATUS_RUNTIME_ERROR;
  pool->num_threads = num_threads;
  /* One entry more than there are workers: calloc(0) may return NULL. */
  pool->workers =
      (kiln_worker *)calloc((size_t)num_threads, sizeof(kiln_worker));
  if (!pool->workers) {
    free(pool);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  if (pthread_mutex_init(&pool->mutex, NULL) != 0) {
    free(pool->workers);
    free(pool);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  if (pthread_cond_init(&pool->wake, NULL) != 0) {
    pthread_mutex_destroy(&pool->mutex);
    free(pool->workers);
    free(pool);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  if (pthread_cond_init(&pool->done, NULL) != 0) {
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->mutex);
    free(pool->workers);
    free(pool);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  for (i = 0; i < num_threads - 1; ++i) {
    kiln_worker *w = &pool->workers[i];
    w->pool = pool;
    w->index = i + 1;
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
      shut_down(pool, i);
      return KILN_STATUS_RUNTIME_ERROR;
    }
  }
  *out_pool = pool;
  return KILN_STATUS_OK;
}

void kiln_threads_destroy(kiln_threads *pool) {
  if (pool)
    shut_down(pool, pool->num_threads - 1);
}

int32_t kiln_threads_count(const kiln_threads *pool) {
  return pool ? pool->num_threads : 0;
}

void kiln_threads_run(void *runner_context, int64_t n, kiln_parallel_body body,
                      void *context) {
  kiln_threads *pool = (kiln_threads *)runner_context;
  int64_t begin, end;
  int i;
  if (n <= 0 || !body)
    return;
  /* Serial when splitting cannot help, or when the pool is taken: by another
   * thread running a model, or by the loop this call is nested in. */
  if (!pool || pool->num_threads == 1 || n == 1 ||
      __atomic_exchange_n(&pool->busy, 1, __ATOMIC_ACQUIRE)) {
    body(context, 0, n);
    return;
  }

  pool->n = n;
  pool->body = body;
  pool->context = context;
  pool->parts = n < pool->num_threads ? (int32_t)n : pool->num_threads;
  __atomic_store_n(&pool->remaining, pool->num_threads - 1, __ATOMIC_RELAXED);
  publish(pool);

  chunk(n, pool->parts, 0, &begin, &end);
  body(context, begin, end);

  /* Acquire: the workers' writes are visible once they have counted down. */
  for (i = 0; i < KILN_THREADS_SPIN &&
              __atomic_load_n(&pool->remaining, __ATOMIC_ACQUIRE) != 0;
       ++i)
    cpu_relax();
  if (__atomic_load_n(&pool->remaining, __ATOMIC_ACQUIRE) != 0) {
    pthread_mutex_lock(&pool->mutex);
    while (__atomic_load_n(&pool->remaining, __ATOMIC_ACQUIRE) != 0)
      pthread_cond_wait(&pool->done, &pool->mutex);
    pthread_mutex_unlock(&pool->mutex);
  }
  __atomic_store_n(&pool->busy, 0, __ATOMIC_RELEASE);
}
