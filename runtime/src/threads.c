/*===- threads.c - kiln_rt_threads, a pthread pool for parallel loops -----===*
 *
 * One run publishes a loop (n, body, context) by bumping a generation
 * counter; each thread works through its own contiguous range of [0, n),
 * then takes work left in the others' ranges (see "Ranges" below). Every
 * executed piece is subtracted from a count of items left, and the caller,
 * which takes range 0, returns once that count is zero: it never waits for
 * a worker that has not started (one descheduled by the OS, or slow to
 * wake), it takes that worker's range over instead. Waiting threads poll
 * for up to KILN_THREADS_SPIN_NS before they sleep on a condition variable,
 * and the mutex and condition variables are only touched when somebody
 * sleeps, so back-to-back loops (one per layer, with a little serial code
 * in between) cost no system call. The atomics are the GCC/Clang __atomic
 * builtins: C99 has none of its own.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "kiln_threads.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#if !defined(__GNUC__)
#error "kiln_rt_threads needs the GCC/Clang __atomic builtins"
#endif

/* How long a waiting thread polls before it sleeps. Longer than most of
 * the serial code between two parallel loops of a model, so that a model's
 * loops rarely wait for a wake-up (10-25 us each); short, because a thread
 * that polls burns a core another process may want (polling with
 * sched_yield instead was measured 4x slower with a third busy process on
 * two cores: the yielding thread gives its core away for a whole time
 * slice, while a sleeping one preempts on wake-up). */
#define KILN_THREADS_SPIN_NS 200000
/* Polls between two looks at the clock. */
#define KILN_THREADS_SPIN_CHECK 64
/* Separates the counters different threads poll, against false sharing. */
#define KILN_CACHE_LINE 64
/* Pieces an owner cuts its range into: the grain at which other threads can
 * take over its work. */
#define KILN_THREADS_PIECES 8
/* The least stack a worker gets: a parallel-loop body keeps its scratch
 * tiles on its stack (up to 1 MiB each: a ResNet stem's channel-vector
 * tile is 400 KB), more than some C libraries give a new thread (musl:
 * 128 KiB; glibc: the stack ulimit, 8 MiB by default). A larger default
 * is kept. */
#define KILN_THREADS_STACK_BYTES ((size_t)4 << 20)

/* Ranges. Each thread owns a contiguous range of [0, n) (near-equal sizes,
 * min(n, threads) of them), packed as begin << 32 | end into one word that
 * every thread may shrink with a compare-and-swap: the owner takes pieces
 * of 1/KILN_THREADS_PIECES of its range from the front; a thread whose own
 * range is done takes half of what is left of another's from the back.
 * Items of unequal cost, a thread that starts late (a wake-up, another
 * process on its core) or runs slower (its data in the other core's cache)
 * then no longer hold the whole loop back, while each thread still works
 * mostly on its own contiguous range. Loops of 2^32 items or more are
 * ranged in blocks of `unit` items.
 *
 * Nothing of a loop but its range words is read before a piece of it is
 * claimed: a worker that wakes late may claim a piece of a later loop than
 * the one it woke for, and then reads that loop's body, context and unit,
 * which cannot change before the piece is done (the loop is not finished
 * while `left` counts it). The caller stores the range words with release
 * after the loop's fields; a claim's compare-and-swap acquires them. */
typedef struct kiln_range {
  uint64_t word; /* begin << 32 | end of what nobody has taken yet */
  char pad[KILN_CACHE_LINE - sizeof(uint64_t)];
} kiln_range;

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
  pthread_cond_t done; /* the caller: left reached 0 */

  /* The published loop: written by the running caller before it stores the
   * range words (release), read by a thread only once it has claimed a
   * piece from one of them (acquire; see "Ranges"). */
  int64_t n;
  kiln_parallel_body body;
  void *context;
  int64_t unit;   /* items per ranged index: 1 unless n >= 2^32 */
  int64_t ranged; /* ranged indices: ceil(n / unit) */
  int stop;
  kiln_range *ranges; /* num_threads of them, cache-line aligned */
  void *ranges_block; /* what was allocated for them */

  char pad0[KILN_CACHE_LINE];
  uint64_t generation; /* bumped once per run, and once to stop */
  char pad1[KILN_CACHE_LINE];
  int64_t left; /* ranged indices of the current run not yet executed */
  char pad2[KILN_CACHE_LINE];
  int32_t busy; /* a run is in progress */
  char pad3[KILN_CACHE_LINE];
  int32_t sleepers; /* workers asleep on `wake`, or about to be */
  char pad4[KILN_CACHE_LINE];
  int32_t caller_sleeps; /* the caller is asleep on `done`, or about to be */
  char pad5[KILN_CACHE_LINE];
  int32_t num_ranges; /* ranges of the current run: min(n, num_threads) */
  char pad6[KILN_CACHE_LINE];
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

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* The state of a bounded poll: when it started, polls so far. */
typedef struct kiln_poll {
  int64_t start;
  int polls;
} kiln_poll;

/* One wait between two polls; returns 0 once KILN_THREADS_SPIN_NS have
 * passed since the first. The clock is read every KILN_THREADS_SPIN_CHECK
 * polls only. */
static int poll_again(kiln_poll *poll) {
  if (++poll->polls % KILN_THREADS_SPIN_CHECK != 0) {
    cpu_relax();
    return 1;
  }
  if (!poll->start) {
    poll->start = now_ns();
    return 1;
  }
  return now_ns() - poll->start <= KILN_THREADS_SPIN_NS;
}

/* Polls until `*count` is 0 (returns 1) or the poll times out (returns 0). */
static int poll_zero(const int64_t *count) {
  kiln_poll poll = {0, 0};
  do {
    if (__atomic_load_n(count, __ATOMIC_ACQUIRE) == 0)
      return 1;
  } while (poll_again(&poll));
  return 0;
}

/* Polls until `*word` differs from `seen` or the poll times out; returns
 * the last value read. */
static uint64_t poll_u64(const uint64_t *word, uint64_t seen) {
  kiln_poll poll = {0, 0};
  uint64_t value;
  do {
    value = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    if (value != seen)
      return value;
  } while (poll_again(&poll));
  return value;
}

/* Waits until the generation differs from `seen`; returns it. A worker
 * announces that it sleeps (sleepers) before it looks at the generation a
 * last time; publish() bumps the generation before it looks at sleepers.
 * Both sequentially consistent, so either the worker sees the new
 * generation or publish() sees the sleeper and wakes it (under the mutex,
 * so the broadcast cannot fall between the worker's check and its wait). */
static uint64_t wait_generation(kiln_threads *pool, uint64_t seen) {
  uint64_t g = poll_u64(&pool->generation, seen);
  if (g != seen)
    return g;
  __atomic_add_fetch(&pool->sleepers, 1, __ATOMIC_SEQ_CST);
  pthread_mutex_lock(&pool->mutex);
  while ((g = __atomic_load_n(&pool->generation, __ATOMIC_SEQ_CST)) == seen)
    pthread_cond_wait(&pool->wake, &pool->mutex);
  pthread_mutex_unlock(&pool->mutex);
  __atomic_sub_fetch(&pool->sleepers, 1, __ATOMIC_SEQ_CST);
  return g;
}

/* Bumps the generation; only takes the mutex to wake sleeping workers. */
static void publish(kiln_threads *pool) {
  __atomic_add_fetch(&pool->generation, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&pool->sleepers, __ATOMIC_SEQ_CST) != 0) {
    pthread_mutex_lock(&pool->mutex);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
  }
}

/* Takes the next piece of at most `piece` items from the front of a range
 * (its owner). */
static int take_front(kiln_range *range, uint64_t piece, int64_t *begin,
                      int64_t *end) {
  uint64_t word = __atomic_load_n(&range->word, __ATOMIC_RELAXED);
  for (;;) {
    uint64_t b = word >> 32, e = word & 0xffffffffu, stop;
    if (b >= e)
      return 0;
    stop = e - b > piece ? b + piece : e;
    if (__atomic_compare_exchange_n(&range->word, &word, stop << 32 | e, 0,
                                    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
      *begin = (int64_t)b;
      *end = (int64_t)stop;
      return 1;
    }
  }
}

/* Takes half of what is left of a range (rounded up) from the back. */
static int take_back(kiln_range *range, int64_t *begin, int64_t *end) {
  uint64_t word = __atomic_load_n(&range->word, __ATOMIC_RELAXED);
  for (;;) {
    uint64_t b = word >> 32, e = word & 0xffffffffu, start;
    if (b >= e)
      return 0;
    start = e - (e - b + 1) / 2;
    if (__atomic_compare_exchange_n(&range->word, &word, b << 32 | start, 0,
                                    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
      *begin = (int64_t)start;
      *end = (int64_t)e;
      return 1;
    }
  }
}

/* Runs the claimed ranged indices [begin, end) of the current loop and
 * counts them done; wakes the caller if they were the last and it sleeps
 * (it announces its sleep before it looks at `left` a last time). */
static void run_piece(kiln_threads *pool, int64_t begin, int64_t end) {
  int64_t unit = pool->unit;
  /* The last block may be short; end * unit may not be representable. */
  int64_t last = end < pool->ranged ? end * unit : pool->n;
  pool->body(pool->context, begin * unit, last);
  if (__atomic_sub_fetch(&pool->left, end - begin, __ATOMIC_SEQ_CST) == 0 &&
      __atomic_load_n(&pool->caller_sleeps, __ATOMIC_SEQ_CST)) {
    pthread_mutex_lock(&pool->mutex);
    pthread_cond_signal(&pool->done);
    pthread_mutex_unlock(&pool->mutex);
  }
}

/* Thread `index`'s share of whatever loop is published: its own range in
 * pieces, then what is left of the others'. */
static void run_share(kiln_threads *pool, int32_t index) {
  int64_t begin, end;
  int32_t parts = __atomic_load_n(&pool->num_ranges, __ATOMIC_ACQUIRE), k;
  if (index < parts) {
    kiln_range *own = &pool->ranges[index];
    uint64_t word = __atomic_load_n(&own->word, __ATOMIC_ACQUIRE);
    uint64_t size = (word & 0xffffffffu) - (word >> 32);
    uint64_t piece = (size + KILN_THREADS_PIECES - 1) / KILN_THREADS_PIECES;
    while (take_front(own, piece ? piece : 1, &begin, &end))
      run_piece(pool, begin, end);
  }
  for (k = 1; k < parts; ++k) {
    kiln_range *other = &pool->ranges[(index + k) % parts];
    while (take_back(other, &begin, &end))
      run_piece(pool, begin, end);
  }
}

static void *worker_main(void *arg) {
  kiln_worker *self = (kiln_worker *)arg;
  kiln_threads *pool = self->pool;
  uint64_t seen = 0;
  for (;;) {
    seen = wait_generation(pool, seen);
    /* Atomic: a worker that missed loops may look while shut_down stores. */
    if (__atomic_load_n(&pool->stop, __ATOMIC_ACQUIRE))
      return NULL;
    run_share(pool, self->index);
  }
}

/* Frees a pool's memory (its workers joined or never started). */
static void free_pool(kiln_threads *pool) {
  free(pool->ranges_block);
  free(pool->workers);
  free(pool);
}

/* Stops and joins the first `started` workers, then frees everything. */
static void shut_down(kiln_threads *pool, int32_t started) {
  int32_t i;
  pthread_mutex_lock(&pool->mutex);
  __atomic_store_n(&pool->stop, 1, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&pool->mutex);
  publish(pool);
  for (i = 0; i < started; ++i)
    pthread_join(pool->workers[i].thread, NULL);
  pthread_cond_destroy(&pool->done);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->mutex);
  free_pool(pool);
}

int32_t kiln_threads_create(int32_t num_threads, kiln_threads **out_pool) {
  kiln_threads *pool;
  pthread_attr_t attr;
  size_t stack = 0;
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
  /* C99 has no aligned allocation: one cache line more, rounded up. */
  pool->ranges_block =
      calloc((size_t)num_threads + 1, sizeof(kiln_range));
  if (!pool->workers || !pool->ranges_block) {
    free_pool(pool);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  pool->ranges =
      (kiln_range *)(((uintptr_t)pool->ranges_block + KILN_CACHE_LINE - 1) &
                     ~(uintptr_t)(KILN_CACHE_LINE - 1));
  if (pthread_mutex_init(&pool->mutex, NULL) != 0) {
    free_pool(pool);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  if (pthread_cond_init(&pool->wake, NULL) != 0) {
    pthread_mutex_destroy(&pool->mutex);
    free_pool(pool);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  if (pthread_cond_init(&pool->done, NULL) != 0) {
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->mutex);
    free_pool(pool);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  if (pthread_attr_init(&attr) != 0) {
    shut_down(pool, 0);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  if (pthread_attr_getstacksize(&attr, &stack) != 0 ||
      (stack < KILN_THREADS_STACK_BYTES &&
       pthread_attr_setstacksize(&attr, KILN_THREADS_STACK_BYTES) != 0)) {
    pthread_attr_destroy(&attr);
    shut_down(pool, 0);
    return KILN_STATUS_RUNTIME_ERROR;
  }
  for (i = 0; i < num_threads - 1; ++i) {
    kiln_worker *w = &pool->workers[i];
    w->pool = pool;
    w->index = i + 1;
    if (pthread_create(&w->thread, &attr, worker_main, w) != 0) {
      pthread_attr_destroy(&attr);
      shut_down(pool, i);
      return KILN_STATUS_RUNTIME_ERROR;
    }
  }
  pthread_attr_destroy(&attr);
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
  int32_t t, parts;
  int64_t ranged;
  if (n <= 0 || !body)
    return;
  /* Serial when splitting cannot help, or when the pool is taken: by another
   * thread running a model, or by the loop this call is nested in. */
  if (!pool || pool->num_threads == 1 || n == 1 ||
      __atomic_exchange_n(&pool->busy, 1, __ATOMIC_ACQUIRE)) {
    body(context, 0, n);
    return;
  }

  /* The previous loop is finished: every range is empty, so nobody reads
   * these fields until the range words below are stored. */
  pool->n = n;
  pool->body = body;
  pool->context = context;
  pool->unit = n / (int64_t)0xffffffff + (n % (int64_t)0xffffffff != 0);
  ranged = n / pool->unit + (n % pool->unit != 0);
  pool->ranged = ranged;
  parts = ranged < pool->num_threads ? (int32_t)ranged : pool->num_threads;
  __atomic_store_n(&pool->left, ranged, __ATOMIC_RELAXED);
  for (t = 0; t < pool->num_threads; ++t) {
    int64_t begin = 0, end = 0;
    if (t < parts)
      chunk(ranged, parts, t, &begin, &end);
    __atomic_store_n(&pool->ranges[t].word,
                     (uint64_t)begin << 32 | (uint64_t)end, __ATOMIC_RELEASE);
  }
  __atomic_store_n(&pool->num_ranges, parts, __ATOMIC_RELEASE);
  publish(pool);

  run_share(pool, 0);

  /* Acquire: every piece's writes are visible once it is counted done. The
   * sleep is announced as in wait_generation, against run_piece. */
  if (!poll_zero(&pool->left)) {
    __atomic_store_n(&pool->caller_sleeps, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_lock(&pool->mutex);
    while (__atomic_load_n(&pool->left, __ATOMIC_SEQ_CST) != 0)
      pthread_cond_wait(&pool->done, &pool->mutex);
    pthread_mutex_unlock(&pool->mutex);
    __atomic_store_n(&pool->caller_sleeps, 0, __ATOMIC_RELAXED);
  }
  __atomic_store_n(&pool->busy, 0, __ATOMIC_RELEASE);
}
