/*===- counting_runner.h - A parallel runner that records its threads -----===*
 *
 * Included by parallel_app.c and threads_app.c (C99, -pedantic -Werror):
 * counting_runner forwards each parallel loop of a model to a
 * kiln_rt_threads pool, wrapping the body to count the loops and chunks and
 * to record the distinct threads that ran them.
 *
 * The pool lets a thread that is done take over the ranges of threads that
 * have not started yet, so one fast thread may run a small loop alone
 * before the other wakes up. To check that the pool really splits loops,
 * the first chunk of each loop of two items or more, whichever thread runs
 * it, waits (at most 10 s, so a pool that never runs work elsewhere fails
 * the check instead of hanging) until another thread has run a chunk of
 * that loop: then every such loop runs on two threads, whatever the
 * timing. While the first chunk waits, its thread holds one piece of one
 * range, so the other thread finds work.
 *
 *===----------------------------------------------------------------------===*/
#ifndef KILN_TEST_C_COUNTING_RUNNER_H
#define KILN_TEST_C_COUNTING_RUNNER_H

#include "kiln_threads.h"
#include "wait_flag.h"

#include <pthread.h>

enum { kCountingMaxThreads = 8 };

/* What the runner saw; reset loops, chunks and num_threads between runs. */
typedef struct {
  kiln_threads *pool;
  pthread_mutex_t mutex;
  int loops, chunks, num_threads;
  pthread_t threads[kCountingMaxThreads]; /* in the order of first chunks */
} counter;

/* One loop being run: the model's body and the caller's state. */
typedef struct {
  counter *c;
  kiln_parallel_body body;
  void *context;
  int wait; /* the first chunk waits for another thread's */
  int first; /* a chunk has started (atomic) */
  int other; /* a chunk other than the first has run (atomic) */
} counted_loop;

/* Records the calling thread among the distinct ones seen. */
static void counter_note_thread(counter *c) {
  pthread_t self = pthread_self();
  int i;
  pthread_mutex_lock(&c->mutex);
  for (i = 0; i < c->num_threads && !pthread_equal(c->threads[i], self); ++i)
    ;
  if (i == c->num_threads && c->num_threads < kCountingMaxThreads)
    c->threads[c->num_threads++] = self;
  ++c->chunks;
  pthread_mutex_unlock(&c->mutex);
}

static void counting_body(void *context, int64_t begin, int64_t end) {
  counted_loop *loop = (counted_loop *)context;
  counter_note_thread(loop->c);
  if (__atomic_exchange_n(&loop->first, 1, __ATOMIC_ACQ_REL)) {
    /* Not the first chunk: while the first one waits, another thread's. */
    __atomic_store_n(&loop->other, 1, __ATOMIC_RELEASE);
  } else if (loop->wait) {
    wait_flag(&loop->other);
  }
  loop->body(loop->context, begin, end);
}

static void counting_runner(void *runner_context, int64_t n,
                            kiln_parallel_body body, void *context) {
  counted_loop loop;
  loop.c = (counter *)runner_context;
  loop.body = body;
  loop.context = context;
  loop.wait = n >= 2;
  loop.first = 0;
  loop.other = 0;
  ++loop.c->loops;
  kiln_threads_run(loop.c->pool, n, counting_body, &loop);
}

#endif /* KILN_TEST_C_COUNTING_RUNNER_H */
