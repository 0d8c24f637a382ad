/*===- two_threads.c - Two threads, two workspaces (two-threads.test) -----===*
 *
 * Runs the mnist example model on two threads at once, each with its own
 * workspace and its own sequence of inputs, many times, and checks every
 * result bit for bit against a reference computed on one thread first. A
 * model that kept state outside the workspace (a writable global, a static
 * buffer) would mix the threads' data and fail here. Prints one line per
 * mismatch and "two-threads: all checks passed" at the end if none.
 *
 *===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 200112L

#include "mnist_cnn.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kInputs = 8, kRounds = 200, kThreads = 2 };

static float images[kInputs][MNIST_CNN_IMAGE_COUNT];
static float reference[kInputs][MNIST_CNN_LOGITS_COUNT];

struct worker {
  int id;
  int mismatches;
  int failed_runs;
};

/* Deterministic pseudo-random images, different for every input index. */
static void make_images(void) {
  uint32_t state = 12345u;
  int i;
  size_t j;
  for (i = 0; i < kInputs; ++i)
    for (j = 0; j < MNIST_CNN_IMAGE_COUNT; ++j) {
      state = state * 1664525u + 1013904223u;
      images[i][j] = (float)(state >> 8) / (float)(1u << 24);
    }
}

static void *aligned_workspace(void) {
  void *p = NULL;
  size_t size = MNIST_CNN_WORKSPACE_SIZE ? MNIST_CNN_WORKSPACE_SIZE : 1;
  if (posix_memalign(&p, MNIST_CNN_WORKSPACE_ALIGN, size) != 0)
    return NULL;
  return p;
}

static int run_one(int input, float *logits, void *workspace) {
  mnist_cnn_inputs in;
  mnist_cnn_outputs out;
  in.image = images[input];
  out.logits = logits;
  return mnist_cnn_run(&in, &out, workspace);
}

static void *work(void *arg) {
  struct worker *w = (struct worker *)arg;
  void *workspace = aligned_workspace();
  float logits[MNIST_CNN_LOGITS_COUNT];
  int round;
  if (!workspace) {
    w->failed_runs = kRounds;
    return NULL;
  }
  for (round = 0; round < kRounds; ++round) {
    /* The threads walk the inputs in opposite directions, so at any moment
     * they are most likely working on different images. */
    int input = w->id == 0 ? round % kInputs : kInputs - 1 - round % kInputs;
    /* Garbage in the workspace must not matter either. */
    memset(workspace, round & 0xff, MNIST_CNN_WORKSPACE_SIZE);
    if (run_one(input, logits, workspace) != KILN_STATUS_OK)
      ++w->failed_runs;
    else if (memcmp(logits, reference[input], sizeof logits) != 0)
      ++w->mismatches;
  }
  free(workspace);
  return NULL;
}

int main(void) {
  pthread_t threads[kThreads];
  struct worker workers[kThreads];
  void *workspace = aligned_workspace();
  int i, failures = 0;
  if (!workspace) {
    printf("FAILED: cannot allocate a workspace\n");
    return 1;
  }
  make_images();
  for (i = 0; i < kInputs; ++i)
    if (run_one(i, reference[i], workspace) != KILN_STATUS_OK) {
      printf("FAILED: reference run %d\n", i);
      return 1;
    }
  free(workspace);
  /* Different inputs must give different logits, or the test proves
   * nothing about threads mixing their data. */
  if (memcmp(reference[0], reference[kInputs - 1], sizeof reference[0]) == 0) {
    printf("FAILED: inputs 0 and %d give the same logits\n", kInputs - 1);
    return 1;
  }

  for (i = 0; i < kThreads; ++i) {
    workers[i].id = i;
    workers[i].mismatches = 0;
    workers[i].failed_runs = 0;
    if (pthread_create(&threads[i], NULL, work, &workers[i]) != 0) {
      printf("FAILED: cannot start thread %d\n", i);
      return 1;
    }
  }
  for (i = 0; i < kThreads; ++i) {
    pthread_join(threads[i], NULL);
    if (workers[i].failed_runs || workers[i].mismatches) {
      printf("FAILED: thread %d: %d failed runs, %d wrong results of %d\n", i,
             workers[i].failed_runs, workers[i].mismatches, kRounds);
      ++failures;
    }
  }
  if (failures)
    return 1;
  printf("two-threads: all checks passed (%d threads x %d runs)\n", kThreads,
         kRounds);
  return 0;
}
