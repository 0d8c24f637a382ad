/*===- peak.c - Measure this CPU's FP32 FMA peak --------------------------===*
 *
 * The % of peak columns of the benchmark divide by a measured peak, not a
 * datasheet number: a loop of independent FMAs on the widest vectors the
 * compiler targets (AVX-512 with -march=native where the CPU has it, AVX2
 * otherwise), run on 1..N threads at once. 24 independent accumulators cover
 * the FMA latency times the number of FMA pipes on current x86 cores (4 x 2
 * on Zen 4/5 and Intel server cores) with room to spare.
 *
 * Usage: peak [THREADS [SECONDS]]   (defaults 1 and 0.5; best of 5 trials)
 * Prints one JSON object: {"isa": ..., "threads": N, "gflops": G}.
 *
 *===----------------------------------------------------------------------===*/
#define _POSIX_C_SOURCE 200809L

#include <immintrin.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(__AVX512F__)
#define ISA "avx512"
#define LANES 16
typedef __m512 vec;
#define VSET1(x) _mm512_set1_ps(x)
#define VFMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define VADD(a, b) _mm512_add_ps(a, b)
#define VSUM(a) _mm512_reduce_add_ps(a)
#elif defined(__AVX2__) && defined(__FMA__)
#define ISA "avx2"
#define LANES 8
typedef __m256 vec;
#define VSET1(x) _mm256_set1_ps(x)
#define VFMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define VADD(a, b) _mm256_add_ps(a, b)
static float vsum256(__m256 a) {
  float lanes[8];
  float s = 0.0f;
  _mm256_storeu_ps(lanes, a);
  for (int i = 0; i < 8; ++i)
    s += lanes[i];
  return s;
}
#define VSUM(a) vsum256(a)
#else
#error "peak.c needs AVX-512F or AVX2+FMA: compile with -march=native on x86-64"
#endif

#define ACCUMULATORS 24
#define FMAS_PER_ITERATION ACCUMULATORS

typedef struct {
  long iterations;
  float seed;
  float result; /* keeps the loop alive */
} job;

static void *fma_loop(void *arg) {
  job *j = (job *)arg;
  vec acc[ACCUMULATORS];
  /* a * x + b converges to b / (1 - a): no overflow, no denormals. */
  vec a = VSET1(0.999f), b = VSET1(j->seed * 1e-3f);
  for (int k = 0; k < ACCUMULATORS; ++k)
    acc[k] = VSET1(j->seed + (float)k);
  for (long i = 0; i < j->iterations; ++i) {
    /* Opaque to the optimizer, so the FMAs are neither folded nor hoisted. */
    __asm__ volatile("" : "+v"(a));
    /* Fully unrolled, so that the accumulators live in registers: a rolled
       loop over the array keeps them in memory at -O2. */
#if defined(__clang__)
#pragma clang loop unroll(full)
#else
#pragma GCC unroll 24
#endif
    for (int k = 0; k < ACCUMULATORS; ++k)
      acc[k] = VFMA(acc[k], a, b);
  }
  vec total = acc[0];
  for (int k = 1; k < ACCUMULATORS; ++k)
    total = VADD(total, acc[k]);
  j->result = VSUM(total);
  return NULL;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs `iterations` on each of `threads` threads; returns the wall time. */
static double trial(int threads, long iterations) {
  pthread_t ids[256];
  job jobs[256];
  double start = now_s();
  for (int t = 0; t < threads; ++t) {
    jobs[t].iterations = iterations;
    jobs[t].seed = 1.0f + (float)t;
    if (pthread_create(&ids[t], NULL, fma_loop, &jobs[t]) != 0) {
      fprintf(stderr, "peak: cannot create thread %d\n", t);
      exit(1);
    }
  }
  for (int t = 0; t < threads; ++t)
    pthread_join(ids[t], NULL);
  return now_s() - start;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  double seconds = argc > 2 ? atof(argv[2]) : 0.5;
  long iterations = 1 << 16;
  double best = 0.0;
  if (threads < 1 || threads > 256 || !(seconds > 0)) {
    fprintf(stderr, "usage: peak [THREADS (1-256) [SECONDS]]\n");
    return 2;
  }
  /* Calibrate on one thread so that a trial lasts about `seconds`. */
  while (trial(1, iterations) < seconds / 4)
    iterations *= 2;
  iterations = (long)((double)iterations * seconds /
                      trial(1, iterations));
  for (int r = 0; r < 5; ++r) {
    double t = trial(threads, iterations);
    double flops = 2.0 * LANES * FMAS_PER_ITERATION * (double)iterations *
                   (double)threads;
    if (flops / t > best)
      best = flops / t;
  }
  printf("{\"isa\": \"%s\", \"threads\": %d, \"gflops\": %.2f}\n", ISA,
         threads, best * 1e-9);
  return 0;
}
