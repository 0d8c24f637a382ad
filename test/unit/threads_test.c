/*===- threads_test.c - kiln_rt_threads, the pthread pool -----------------===*
 *
 * The pool from strict C99 (see CMakeLists.txt): every index of [0, n) is
 * run exactly once, by at most min(n, threads) distinct threads, for 1, 2
 * and 3 threads, n below the thread count, n = 0, many runs in a row, runs
 * after the workers fell asleep, work taken over from a slow thread, a loop
 * of more than 2^32 items, nested and concurrent runs (serial, no
 * deadlock), through kiln_parallel_for once installed, create/destroy
 * with bad arguments, and workers with 2 MiB of stack for a body (ctest
 * also runs the test under `ulimit -s 512`, where a new thread would get
 * 512 KiB by default).
 * Exits non-zero on the first failed check's count.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include "kiln_threads.h"
#include "wait_flag.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);          \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

#define MAX_N 1000
#define MAX_CHUNKS 256

/* What the body saw: how often each index ran, and each chunk. */
typedef struct {
  pthread_mutex_t mutex;
  int hits[MAX_N];
  int64_t sum;
  int64_t covered; /* items over all chunks */
  int chunks;
  int64_t begins[MAX_CHUNKS], ends[MAX_CHUNKS];
  pthread_t threads[MAX_CHUNKS];
} record;

static void record_reset(record *r) {
  memset(r->hits, 0, sizeof(r->hits));
  r->sum = 0;
  r->covered = 0;
  r->chunks = 0;
}

static void record_body(void *context, int64_t begin, int64_t end) {
  record *r = (record *)context;
  int64_t i, partial = 0;
  for (i = begin; i < end; ++i) {
    ++r->hits[i]; /* chunks are disjoint: no two threads write one index */
    partial += i;
  }
  pthread_mutex_lock(&r->mutex);
  r->sum += partial;
  r->covered += end - begin;
  if (r->chunks < MAX_CHUNKS) {
    r->begins[r->chunks] = begin;
    r->ends[r->chunks] = end;
    r->threads[r->chunks] = pthread_self();
  }
  ++r->chunks;
  pthread_mutex_unlock(&r->mutex);
}

/* Records chunks only: for loops too long to count per index. */
static void span_body(void *context, int64_t begin, int64_t end) {
  record *r = (record *)context;
  pthread_mutex_lock(&r->mutex);
  r->covered += end - begin;
  if (r->chunks < MAX_CHUNKS) {
    r->begins[r->chunks] = begin;
    r->ends[r->chunks] = end;
  }
  ++r->chunks;
  pthread_mutex_unlock(&r->mutex);
}

/* A loop of 2^32 items or more (ranged in blocks): its chunks, in order,
 * tile [0, n) exactly. */
static void test_huge_loop(record *r) {
  const int64_t n = ((int64_t)3 << 32) + 5;
  kiln_threads *pool = NULL;
  int i, j;
  CHECK(kiln_threads_create(3, &pool) == KILN_STATUS_OK);
  if (!pool)
    return;
  record_reset(r);
  kiln_threads_run(pool, n, span_body, r);
  kiln_threads_destroy(pool);
  CHECK(r->covered == n);
  CHECK(r->chunks >= 1 && r->chunks <= MAX_CHUNKS);
  if (r->chunks > MAX_CHUNKS)
    return;
  for (i = 1; i < r->chunks; ++i) /* insertion sort by begin */
    for (j = i; j > 0 && r->begins[j - 1] > r->begins[j]; --j) {
      int64_t b = r->begins[j], e = r->ends[j];
      r->begins[j] = r->begins[j - 1];
      r->ends[j] = r->ends[j - 1];
      r->begins[j - 1] = b;
      r->ends[j - 1] = e;
    }
  CHECK(r->begins[0] == 0 && r->ends[r->chunks - 1] == n);
  for (i = 0; i < r->chunks; ++i) {
    CHECK(r->begins[i] < r->ends[i]);
    if (i > 0)
      CHECK(r->begins[i] == r->ends[i - 1]);
  }
}

static int distinct_threads(const record *r) {
  int i, j, count = 0;
  for (i = 0; i < r->chunks && i < MAX_CHUNKS; ++i) {
    int seen = 0;
    for (j = 0; j < i; ++j)
      seen |= pthread_equal(r->threads[i], r->threads[j]);
    count += !seen;
  }
  return count;
}

/* Every index once, in non-empty chunks, run by at most min(n, threads)
 * distinct threads (fewer when a worker starts after the others have taken
 * its range over). */
static void check_run(kiln_threads *pool, record *r, int64_t n) {
  int64_t i;
  int c, threads = kiln_threads_count(pool);
  int expected_chunks = n < threads ? (int)n : threads;
  record_reset(r);
  kiln_threads_run(pool, n, record_body, r);
  for (i = 0; i < n; ++i)
    CHECK(r->hits[i] == 1);
  CHECK(r->sum == n * (n - 1) / 2);
  if (n == 0) {
    CHECK(r->chunks == 0);
    return;
  }
  CHECK(r->chunks >= 1 && r->chunks <= MAX_CHUNKS);
  for (c = 0; c < r->chunks && c < MAX_CHUNKS; ++c)
    CHECK(r->begins[c] < r->ends[c]);
  CHECK(r->covered == n);
  CHECK(distinct_threads(r) >= 1 && distinct_threads(r) <= expected_chunks);
}

/* A loop whose caller is slow: its first chunk (which is always its own)
 * waits until another thread has run an item of the caller's range, which
 * only happens if idle threads take over work. Bounded at 10 s, so a pool
 * that does not fails the check instead of hanging. */
typedef struct {
  pthread_t caller;
  int64_t owned; /* items [0, owned) are the caller's range */
  int taken;     /* another thread ran one of them */
} slow_context;

static void slow_body(void *context, int64_t begin, int64_t end) {
  slow_context *c = (slow_context *)context;
  int self = pthread_equal(pthread_self(), c->caller);
  if (!self && begin < c->owned)
    __atomic_store_n(&c->taken, 1, __ATOMIC_RELEASE);
  if (self && begin == 0)
    wait_flag(&c->taken);
  (void)end;
}

/* Runs `body` over n items on a fresh pool of 2 threads and checks that a
 * worker's item set `*flag`. */
static void run_on_two_threads(int64_t n, kiln_parallel_body body,
                               void *context, const int *flag) {
  kiln_threads *pool = NULL;
  CHECK(kiln_threads_create(2, &pool) == KILN_STATUS_OK);
  if (!pool)
    return;
  kiln_threads_run(pool, n, body, context);
  CHECK(__atomic_load_n(flag, __ATOMIC_ACQUIRE));
  kiln_threads_destroy(pool);
}

static void test_taking_over(void) {
  slow_context c;
  c.caller = pthread_self();
  c.owned = 32;
  c.taken = 0;
  run_on_two_threads(64, slow_body, &c, &c.taken);
}

/* A loop body's scratch tiles live on its stack: on a pool worker, an item
 * uses 2 MiB of it (every page touched). The caller's first item waits
 * until a worker has run one. */
typedef struct {
  pthread_t caller;
  int worker_ran;
} deep_context;

static int deep_stack(void) {
  volatile char big[(size_t)2 << 20];
  size_t i;
  for (i = 0; i < sizeof(big); i += 4096)
    big[i] = (char)(i >> 12);
  return big[4096];
}

static void deep_body(void *context, int64_t begin, int64_t end) {
  deep_context *c = (deep_context *)context;
  if (!pthread_equal(pthread_self(), c->caller)) {
    if (deep_stack() == 1)
      __atomic_store_n(&c->worker_ran, 1, __ATOMIC_RELEASE);
  } else if (begin == 0) {
    wait_flag(&c->worker_ran);
  }
  (void)end;
}

static void test_deep_stack(void) {
  deep_context c;
  c.caller = pthread_self();
  c.worker_ran = 0;
  run_on_two_threads(8, deep_body, &c, &c.worker_ran);
}

/* A body that runs a loop on the same pool: the inner run finds the pool
 * busy and runs serially on the calling thread. */
typedef struct {
  kiln_threads *pool;
  record inner[3];
} nested_context;

static void nested_body(void *context, int64_t begin, int64_t end) {
  nested_context *c = (nested_context *)context;
  int64_t i;
  for (i = begin; i < end; ++i) {
    record_reset(&c->inner[i]);
    kiln_threads_run(c->pool, 10, record_body, &c->inner[i]);
  }
}

/* Two threads run loops on one pool at the same time. */
typedef struct {
  kiln_threads *pool;
  record r;
  int bad;
} concurrent_context;

static void *concurrent_main(void *arg) {
  concurrent_context *c = (concurrent_context *)arg;
  int run;
  for (run = 0; run < 200; ++run) {
    record_reset(&c->r);
    kiln_threads_run(c->pool, 97, record_body, &c->r);
    c->bad |= c->r.sum != 97 * 96 / 2;
  }
  return NULL;
}

static void test_threads(int32_t threads, record *r) {
  kiln_threads *pool = NULL;
  int64_t sizes[] = {0, 1, 2, 3, 7, 100, 1000};
  size_t k;
  int run;
  CHECK(kiln_threads_create(threads, &pool) == KILN_STATUS_OK);
  if (!pool)
    return;
  CHECK(kiln_threads_count(pool) == threads);
  for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); ++k)
    check_run(pool, r, sizes[k]);
  for (run = 0; run < 2000; ++run)
    check_run(pool, r, 1 + run % 50);
  /* Idle for longer than the workers poll: they sleep and are woken. */
  for (run = 0; run < 3; ++run) {
    struct timespec idle = {0, 5000000};
    nanosleep(&idle, NULL);
    check_run(pool, r, 100);
  }
  kiln_threads_destroy(pool);
}

int main(void) {
  static record r;
  static nested_context nested;
  static concurrent_context concurrent[2];
  static slow_context slow;
  kiln_threads *pool = (kiln_threads *)&r; /* must be reset on errors */
  pthread_t other;
  int32_t threads;
  int i, created;

  pthread_mutex_init(&r.mutex, NULL);
  for (threads = 1; threads <= 3; ++threads)
    test_threads(threads, &r);
  test_taking_over();
  test_huge_loop(&r);
  test_deep_stack();

  /* Bad arguments leave *out_pool NULL. */
  CHECK(kiln_threads_create(-1, &pool) == KILN_STATUS_INVALID_ARGUMENT);
  CHECK(pool == NULL);
  CHECK(kiln_threads_create(KILN_THREADS_MAX + 1, &pool) ==
        KILN_STATUS_INVALID_ARGUMENT);
  CHECK(kiln_threads_create(2, NULL) == KILN_STATUS_INVALID_ARGUMENT);
  kiln_threads_destroy(NULL);
  CHECK(kiln_threads_count(NULL) == 0);

  /* 0: one thread per online CPU. */
  CHECK(kiln_threads_create(0, &pool) == KILN_STATUS_OK);
  CHECK(kiln_threads_count(pool) >= 1);
  check_run(pool, &r, 100);
  kiln_threads_destroy(pool);

  /* Pools come and go, idle or used. */
  for (created = 0; created < 50; ++created) {
    CHECK(kiln_threads_create(3, &pool) == KILN_STATUS_OK);
    if (created % 2)
      check_run(pool, &r, 5);
    kiln_threads_destroy(pool);
  }

  CHECK(kiln_threads_create(3, &pool) == KILN_STATUS_OK);
  /* Nested: the inner loops run whole, serially, on the outer chunk's
   * thread. */
  nested.pool = pool;
  for (i = 0; i < 3; ++i)
    pthread_mutex_init(&nested.inner[i].mutex, NULL);
  kiln_threads_run(pool, 3, nested_body, &nested);
  for (i = 0; i < 3; ++i) {
    CHECK(nested.inner[i].sum == 45);
    CHECK(nested.inner[i].chunks == 1);
  }

  /* Concurrent callers: whoever finds the pool busy runs serially. */
  for (i = 0; i < 2; ++i) {
    concurrent[i].pool = pool;
    pthread_mutex_init(&concurrent[i].r.mutex, NULL);
  }
  CHECK(pthread_create(&other, NULL, concurrent_main, &concurrent[1]) == 0);
  concurrent_main(&concurrent[0]);
  pthread_join(other, NULL);
  CHECK(!concurrent[0].bad && !concurrent[1].bad);

  /* Installed, the pool runs the loops of kiln_parallel_for. */
  kiln_threads_install(pool);
  record_reset(&r);
  kiln_parallel_for(30, record_body, &r);
  CHECK(r.sum == 435);
  CHECK(distinct_threads(&r) >= 1 && distinct_threads(&r) <= 3);
  /* ... on more than one thread: the caller's first chunk waits until
   * another thread has run an item. */
  slow.caller = pthread_self();
  slow.owned = 30;
  slow.taken = 0;
  kiln_parallel_for(30, slow_body, &slow);
  CHECK(slow.taken);
  kiln_threads_install(NULL);
  record_reset(&r);
  kiln_parallel_for(30, record_body, &r);
  CHECK(r.chunks == 1);
  kiln_threads_destroy(pool);

  if (failures) {
    printf("threads_test: %d check(s) failed\n", failures);
    return 1;
  }
  printf("threads_test: all checks passed\n");
  return 0;
}
