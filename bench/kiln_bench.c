/*===- kiln_bench.c - Time a Kiln-compiled shared library -----------------===*
 *
 * Loads libNAME.so (kiln compile --emit shared), finds NAME_info (the
 * kiln_model_info of runtime/include/kiln_runtime.h) and times info->run:
 * warm-up runs, then measured runs until both a run count and a time are
 * reached, unless a time cap stops it first (slow models: the JSON then says
 * "capped"). Inputs come from raw files (--input NAME=FILE) or are random;
 * outputs of the last run can be written to raw files for the comparison
 * with ONNX Runtime. With --threads N (N > 1) the model's parallel loops run
 * on a kiln_rt_threads pool of N threads, installed through the library's
 * own kiln_set_parallel_runner (the library embeds its own kiln_rt). With
 * --profile N, N more runs time each parallel loop (a runner that wraps the
 * pool, or runs the loop on the caller): "loops" gives, in call order, each
 * loop's item count, median time and body function (its symbol in the
 * library: the function that `kiln compile --report` lists with the ONNX
 * nodes it computes), so that a model's time can be split by layer
 * (docs/performance.md). With --trace L as well, loop L of those runs is
 * traced item by item: "trace" gives its wall time, each thread's busy
 * time (in its items' bodies) and, per item, its time and the thread that
 * ran it most often (a pool thread's share, a stolen item): whether a
 * slow loop waits on one thread or each item is slow. Prints one JSON
 * object on stdout.
 *
 * Build: cc -O2 -std=c11 -Iruntime/include bench/kiln_bench.c
 *          runtime/src/threads.c -ldl -pthread
 *
 * Usage: kiln_bench LIB.so NAME [--input NAME=FILE]... [--output-dir DIR]
 *          [--warmup N] [--min-runs N] [--min-time S] [--max-time S]
 *          [--seed N] [--threads N] [--profile N [--trace L]]
 *
 *===----------------------------------------------------------------------===*/
/* dladdr (glibc declares it for _GNU_SOURCE, which implies POSIX 2008). */
#define _GNU_SOURCE

#include "kiln_runtime.h"
#include "kiln_threads.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_INPUT_FILES 64

typedef struct {
  const char *name;
  const char *path;
} input_file;

typedef struct {
  const char *lib;
  const char *model;
  const char *output_dir;
  input_file inputs[MAX_INPUT_FILES];
  int num_inputs;
  long warmup;
  long min_runs;
  double min_time;
  double max_time; /* cap on measured time; 0 means none */
  unsigned long seed;
  long threads;
  long profile; /* runs that time each parallel loop; 0: none */
  long trace;   /* --profile's loop traced item by item; -1: none */
} options;

/* Items of the traced loop that --trace records. */
#define TRACE_MAX_ITEMS 4096

/* --trace: per run of the traced loop, its wall time, each thread's time
 * in item bodies, and per item its time and thread. Threads are numbered
 * in the order they first run a traced item. */
typedef struct {
  kiln_parallel_body body;
  void *context;
  long runs;
  int64_t items;       /* of the traced loop (and of every run) */
  int slots;           /* per run in busy: the pool's threads + overflow */
  double *wall;        /* [run] */
  double *busy;        /* [run][slot] */
  double *item_ms;     /* [run][item] */
  int *item_thread;    /* [run][item] */
  long run;
} loop_trace;

static double now_s(void);

/* A thread's number in the trace (pool threads live as long as the pool,
 * so one numbering serves all runs), and the next number to give out. */
static _Thread_local int trace_thread = -1;
static int trace_threads;

/* Runs the traced loop's body over [begin, end) and records, for this
 * run, the thread's busy time and each item's share of the piece's time
 * (the pool hands out pieces of several items; each item is charged the
 * piece's mean). */
static void trace_body(void *context, int64_t begin, int64_t end) {
  loop_trace *t = (loop_trace *)context;
  double start = now_s(), spent;
  int thread;
  if (trace_thread < 0)
    trace_thread = __atomic_fetch_add(&trace_threads, 1, __ATOMIC_RELAXED);
  thread = trace_thread < t->slots - 1 ? trace_thread : t->slots - 1;
  t->body(t->context, begin, end);
  spent = now_s() - start;
  /* Only this thread writes its busy slot and the items it ran. */
  t->busy[t->run * t->slots + thread] += spent;
  for (int64_t i = begin; i < end && i < t->items; ++i) {
    t->item_ms[t->run * t->items + i] = 1e3 * spent / (double)(end - begin);
    t->item_thread[t->run * t->items + i] = thread;
  }
}

/* The timing runner of --profile: runs each loop on the pool (or on the
 * caller) and records its time and item count, loops numbered in call
 * order within a run. */
typedef struct {
  kiln_threads *pool;
  double *ms;     /* [run][loop] */
  int64_t *items; /* [loop], from the first profiled run */
  kiln_parallel_body *bodies; /* [loop], from the first profiled run */
  long loops;     /* loops of the first run; -1 before it ended */
  long capacity;  /* loops per run that ms and items hold: a counted run's */
  long run, call; /* the current run and call */
  int varies;     /* a run made another number of calls */
  long trace_loop; /* the loop --trace follows; -1: none */
  loop_trace trace;
} loop_profile;

static void usage(void) {
  fprintf(stderr,
          "usage: kiln_bench LIB.so NAME [--input NAME=FILE]... "
          "[--output-dir DIR]\n"
          "                  [--warmup N] [--min-runs N] [--min-time S] "
          "[--max-time S] [--seed N] [--threads N] [--profile N "
          "[--trace L]]\n");
  exit(2);
}

/* A zeroed table of `count` entries (one more: calloc(0) may return NULL)
 * with every page written once, so that the timed runs' stores do not
 * fault (volatile: the compiler may not drop stores of zeros that calloc
 * already promised). NULL when out of memory. */
static void *touched_table(size_t count, size_t size) {
  volatile char *c = (volatile char *)calloc(count + 1, size);
  if (c)
    for (size_t i = 0; i < count * size; i += 4096)
      c[i] = 0;
  return (void *)c;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *xaligned(size_t align, size_t size) {
  /* aligned_alloc wants a size that is a multiple of the alignment, and a
     non-NULL pointer is needed even for empty tensors and workspaces. */
  size_t rounded = (size + align - 1) / align * align;
  void *p = aligned_alloc(align, rounded ? rounded : align);
  if (!p) {
    fprintf(stderr, "kiln_bench: out of memory (%zu bytes)\n", size);
    exit(1);
  }
  memset(p, 0, rounded ? rounded : align);
  return p;
}

/* xorshift64*: deterministic and identical everywhere, unlike rand(). */
static uint64_t next_random(uint64_t *state) {
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* Uniform floats in [-1, 1); integer and other inputs stay zero, which is a
   valid index or flag for any model. */
static void fill_random(const kiln_tensor_info *t, void *data,
                        uint64_t *state) {
  size_t n;
  if (t->dtype != KILN_DTYPE_F32 && t->dtype != KILN_DTYPE_F64)
    return;
  n = (size_t)(t->size_bytes / (t->dtype == KILN_DTYPE_F32 ? 4 : 8));
  for (size_t i = 0; i < n; ++i) {
    double v = (double)(next_random(state) >> 11) * 0x1.0p-53 * 2.0 - 1.0;
    if (t->dtype == KILN_DTYPE_F32)
      ((float *)data)[i] = (float)v;
    else
      ((double *)data)[i] = v;
  }
}

static void read_file(const char *path, void *data, uint64_t size) {
  FILE *f = fopen(path, "rb");
  long actual;
  if (!f) {
    fprintf(stderr, "kiln_bench: cannot open %s: %s\n", path, strerror(errno));
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  actual = ftell(f);
  fseek(f, 0, SEEK_SET);
  if (actual < 0 || (uint64_t)actual != size ||
      fread(data, 1, (size_t)size, f) != size) {
    fprintf(stderr, "kiln_bench: %s holds %ld bytes, the model expects %llu\n",
            path, actual, (unsigned long long)size);
    exit(1);
  }
  fclose(f);
}

static void write_file(const char *path, const void *data, uint64_t size) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, (size_t)size, f) != size || fclose(f) != 0) {
    fprintf(stderr, "kiln_bench: cannot write %s\n", path);
    exit(1);
  }
}

/* The runtime's kiln_status_string lives in the model's library, which is
   loaded with dlopen: this program keeps its own names. */
static const char *status_name(int32_t status) {
  switch (status) {
  case KILN_STATUS_INVALID_ARGUMENT:
    return "invalid argument";
  case KILN_STATUS_MISALIGNED:
    return "misaligned workspace";
  case KILN_STATUS_RUNTIME_ERROR:
    return "runtime error";
  default:
    return "unknown status";
  }
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The median of `n` (> 0) sorted values. */
static double median_of_sorted(const double *sorted, long n) {
  return n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

/* The median of values[r * stride + offset] for r < n, times `scale`,
 * sorted in `column` (n doubles of scratch). */
static double median_of_column(const double *values, long n, long stride,
                               long offset, double scale, double *column) {
  for (long r = 0; r < n; ++r)
    column[r] = scale * values[r * stride + offset];
  qsort(column, (size_t)n, sizeof(double), compare_double);
  return median_of_sorted(column, n);
}

/* Prints s as a JSON string literal. */
static void print_json_string(const char *s) {
  putchar('"');
  for (; *s; ++s) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

static long parse_long(const char *s) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < 0)
    usage();
  return v;
}

static double parse_double(const char *s) {
  char *end;
  double v = strtod(s, &end);
  if (*s == '\0' || *end != '\0' || v < 0)
    usage();
  return v;
}

static options parse_options(int argc, char **argv) {
  options o;
  int positional = 0;
  memset(&o, 0, sizeof(o));
  o.warmup = 10;
  o.min_runs = 30;
  o.min_time = 3.0;
  o.seed = 1;
  o.threads = 1;
  o.trace = -1;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    int has_value = i + 1 < argc;
    if (!strcmp(a, "--input") && has_value) {
      char *eq = strchr(argv[++i], '=');
      if (!eq || o.num_inputs == MAX_INPUT_FILES)
        usage();
      *eq = '\0';
      o.inputs[o.num_inputs].name = argv[i];
      o.inputs[o.num_inputs].path = eq + 1;
      ++o.num_inputs;
    } else if (!strcmp(a, "--output-dir") && has_value) {
      o.output_dir = argv[++i];
    } else if (!strcmp(a, "--warmup") && has_value) {
      o.warmup = parse_long(argv[++i]);
    } else if (!strcmp(a, "--min-runs") && has_value) {
      o.min_runs = parse_long(argv[++i]);
    } else if (!strcmp(a, "--min-time") && has_value) {
      o.min_time = parse_double(argv[++i]);
    } else if (!strcmp(a, "--max-time") && has_value) {
      o.max_time = parse_double(argv[++i]);
    } else if (!strcmp(a, "--seed") && has_value) {
      o.seed = (unsigned long)parse_long(argv[++i]);
    } else if (!strcmp(a, "--threads") && has_value) {
      o.threads = parse_long(argv[++i]);
    } else if (!strcmp(a, "--profile") && has_value) {
      o.profile = parse_long(argv[++i]);
    } else if (!strcmp(a, "--trace") && has_value) {
      o.trace = parse_long(argv[++i]);
    } else if (a[0] == '-') {
      usage();
    } else if (positional == 0) {
      o.lib = a;
      ++positional;
    } else if (positional == 1) {
      o.model = a;
      ++positional;
    } else {
      usage();
    }
  }
  if (positional != 2 || o.min_runs < 1 || o.threads < 1 ||
      o.threads > KILN_THREADS_MAX || o.profile < 0 || o.trace < -1 ||
      (o.trace >= 0 && o.profile == 0))
    usage();
  return o;
}

/* Runs a loop on the pool, or on the caller without one. */
static void run_loop(kiln_threads *pool, int64_t n, kiln_parallel_body body,
                     void *body_context) {
  if (pool)
    kiln_threads_run(pool, n, body, body_context);
  else
    body(body_context, 0, n);
}

/* Runs a loop and counts it: one run under it sizes --profile's table. */
static void counting_runner(void *context, int64_t n, kiln_parallel_body body,
                            void *body_context) {
  loop_profile *p = (loop_profile *)context;
  run_loop(p->pool, n, body, body_context);
  if (p->call == p->trace_loop)
    p->trace.items = n < TRACE_MAX_ITEMS ? n : TRACE_MAX_ITEMS;
  ++p->call;
}

static void timing_runner(void *context, int64_t n, kiln_parallel_body body,
                          void *body_context) {
  loop_profile *p = (loop_profile *)context;
  double t0 = now_s(), t1;
  loop_trace *t = &p->trace;
  if (p->call == p->trace_loop) {
    t->body = body;
    t->context = body_context;
    t->run = p->run;
    run_loop(p->pool, n, trace_body, t);
    t->wall[p->run] = 1e3 * (now_s() - t0);
  } else {
    run_loop(p->pool, n, body, body_context);
  }
  t1 = now_s();
  if (p->call < p->capacity) {
    p->ms[p->run * p->capacity + p->call] = 1e3 * (t1 - t0);
    if (p->run == 0) {
      p->items[p->call] = n;
      p->bodies[p->call] = body;
    }
  }
  ++p->call;
}

/* The loop bodies are local symbols of the library (dladdr sees only its
 * dynamic symbols): --profile names them from the ELF file's own symbol
 * table. Returns the name of the function symbol at address `value` in the
 * 64-bit ELF image `elf` (`size` bytes), or NULL. */
static const char *local_function(const unsigned char *elf, size_t size,
                                  uint64_t value) {
  const Elf64_Ehdr *header = (const Elf64_Ehdr *)elf;
  if (size < sizeof(Elf64_Ehdr) || memcmp(header->e_ident, ELFMAG, SELFMAG) ||
      header->e_ident[EI_CLASS] != ELFCLASS64 ||
      header->e_shentsize != sizeof(Elf64_Shdr) ||
      header->e_shoff > size ||
      (size - header->e_shoff) / sizeof(Elf64_Shdr) < header->e_shnum)
    return NULL;
  const Elf64_Shdr *sections = (const Elf64_Shdr *)(elf + header->e_shoff);
  for (int i = 0; i < header->e_shnum; ++i) {
    const Elf64_Shdr *table = &sections[i];
    if (table->sh_type != SHT_SYMTAB || table->sh_link >= header->e_shnum)
      continue;
    const Elf64_Shdr *strings = &sections[table->sh_link];
    if (table->sh_offset > size || table->sh_size > size - table->sh_offset ||
        strings->sh_offset > size ||
        strings->sh_size > size - strings->sh_offset)
      return NULL;
    const Elf64_Sym *symbols = (const Elf64_Sym *)(elf + table->sh_offset);
    size_t count = table->sh_size / sizeof(Elf64_Sym);
    for (size_t j = 0; j < count; ++j)
      if (ELF64_ST_TYPE(symbols[j].st_info) == STT_FUNC &&
          symbols[j].st_value == value &&
          symbols[j].st_name < strings->sh_size)
        return (const char *)elf + strings->sh_offset + symbols[j].st_name;
  }
  return NULL;
}

/* The whole file at `path` (NULL if it cannot be read); *size its bytes. */
static unsigned char *load_image(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  unsigned char *data = NULL;
  long length;
  if (!f)
    return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (length = ftell(f)) > 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)length)) &&
      fread(data, 1, (size_t)length, f) != (size_t)length) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = data ? (size_t)length : 0;
  return data;
}

/* --trace: the traced loop's medians over the runs: wall time, each
 * thread's busy time, each item's time, and the thread that ran the item
 * most often with its share of the runs. */
static void print_trace(const loop_trace *t, long loop, double *column) {
  int threads = trace_threads < t->slots ? trace_threads : t->slots;
  printf(", \"trace\": {\"loop\": %ld, \"items\": %lld, \"wall_ms\": %.6f, "
         "\"busy_ms\": [",
         loop, (long long)t->items,
         median_of_column(t->wall, t->runs, 1, 0, 1.0, column));
  for (int th = 0; th < threads; ++th)
    printf("%s%.6f", th ? ", " : "",
           median_of_column(t->busy, t->runs, t->slots, th, 1e3,
                            column));
  printf("], \"item_ms\": [");
  for (int64_t i = 0; i < t->items; ++i)
    printf("%s%.6f", i ? ", " : "",
           median_of_column(t->item_ms, t->runs, (long)t->items, (long)i, 1.0,
                            column));
  printf("], \"item_thread\": [");
  for (int64_t i = 0; i < t->items; ++i) {
    long count[KILN_THREADS_MAX + 1] = {0}, best = 0;
    for (long r = 0; r < t->runs; ++r)
      ++count[t->item_thread[r * t->items + i]];
    for (int th = 1; th < t->slots; ++th)
      if (count[th] > count[best])
        best = th;
    printf("%s[%ld, %.3f]", i ? ", " : "", best,
           (double)count[best] / (double)t->runs);
  }
  printf("]}");
}

/* --profile: `runs` runs under the timing runner; prints the "loops" JSON
 * member (and "loops_ms", their medians' sum). */
static int profile_loops(const char *lib_path, const kiln_model_info *info,
                         void **in_ptrs, void **out_ptrs, void *workspace,
                         long runs, long trace, kiln_threads *pool,
                         void (*set_runner)(kiln_parallel_runner, void *)) {
  loop_profile p;
  Dl_info symbol;
  size_t image_size = 0;
  unsigned char *image = NULL;
  double *column, total = 0.0;
  int32_t status;
  memset(&p, 0, sizeof(p));
  p.pool = pool;
  p.loops = -1;
  p.trace_loop = trace;
  p.trace.runs = runs;
  /* The table holds exactly a run's loops, so that a run's times share a
     few cache lines and pages: with one row of 4096 loops per run (a new
     page for every run's times), a 64 x 111 x 111 max pool measured 0.10
     ms per run profiled against 0.066 ms unprofiled on this kind of VM
     (the same with the table touched beforehand: a memory-bound loop
     apparently pays for each run's first store to another page). */
  set_runner(counting_runner, &p);
  status = info->run(in_ptrs, out_ptrs, workspace);
  if (status != KILN_STATUS_OK) {
    fprintf(stderr, "kiln_bench: %s_run failed: %s\n", info->name,
            status_name(status));
    return 1;
  }
  p.capacity = p.call;
  if (trace >= p.capacity) {
    fprintf(stderr, "kiln_bench: --trace %ld: the model runs %ld parallel "
                    "loops\n", trace, p.capacity);
    return 1;
  }
  /* One entry at least: malloc(0) may return NULL. */
  p.ms = touched_table((size_t)runs * (size_t)(p.capacity + 1),
                       sizeof(double));
  p.items = malloc((size_t)(p.capacity + 1) * sizeof(int64_t));
  p.bodies = malloc((size_t)(p.capacity + 1) * sizeof(kiln_parallel_body));
  column = malloc((size_t)runs * sizeof(double));
  if (!p.ms || !p.items || !p.bodies || !column)
    return 1;
  if (trace >= 0) {
    /* Allocated and touched before the runs: the first store to a fresh
       page costs this VM ~17 us (a fault the host serves), and a run's
       busy row was two pages (KILN_THREADS_MAX slots): the traced loop's
       wall time measured 35-45 us above its busiest thread's at 1 thread
       (1.12 against 1.08 ms for a ResNet-18 3x3 layer); touched, 1 us. */
    loop_trace *t = &p.trace;
    size_t cells = (size_t)runs * (size_t)t->items;
    t->slots = (pool ? kiln_threads_count(pool) : 1) + 1;
    t->wall = touched_table((size_t)runs, sizeof(double));
    t->busy = touched_table((size_t)runs * (size_t)t->slots, sizeof(double));
    t->item_ms = touched_table(cells, sizeof(double));
    t->item_thread = touched_table(cells, sizeof(int));
    if (!t->wall || !t->busy || !t->item_ms || !t->item_thread) {
      fprintf(stderr, "kiln_bench: --trace: out of memory\n");
      return 1;
    }
  }
  set_runner(timing_runner, &p);
  for (p.run = 0; p.run < runs; ++p.run) {
    p.call = 0;
    status = info->run(in_ptrs, out_ptrs, workspace);
    if (status != KILN_STATUS_OK) {
      fprintf(stderr, "kiln_bench: %s_run failed: %s\n", info->name,
              status_name(status));
      return 1;
    }
    if (p.loops < 0)
      p.loops = p.call;
    else if (p.call != p.loops)
      p.varies = 1;
  }
  set_runner(pool ? kiln_threads_run : NULL, pool);
  if (p.loops != p.capacity || p.varies) {
    fprintf(stderr, "kiln_bench: --profile: the runs made different "
                    "numbers of parallel loops\n");
    return 1;
  }
  image = load_image(lib_path, &image_size);
  printf(", \"loops\": [");
  for (long l = 0; l < p.loops; ++l) {
    double median;
    median = median_of_column(p.ms, runs, p.capacity, l, 1.0, column);
    total += median;
    printf("%s{\"index\": %ld, \"items\": %lld, \"median_ms\": %.6f",
           l ? ", " : "", l, (long long)p.items[l], median);
    /* Kiln's symbol names are identifiers: no JSON escaping needed. */
    if (image && dladdr((void *)p.bodies[l], &symbol)) {
      const char *name = local_function(
          image, image_size,
          (uint64_t)((const char *)p.bodies[l] - (const char *)symbol.dli_fbase));
      if (name)
        printf(", \"function\": \"%s\"", name);
    }
    printf("}");
  }
  printf("], \"loops_ms\": %.6f", total);
  if (trace >= 0)
    print_trace(&p.trace, trace, column);
  free(image);
  free(p.ms);
  free(p.items);
  free(p.bodies);
  free(column);
  free(p.trace.wall);
  free(p.trace.busy);
  free(p.trace.item_ms);
  free(p.trace.item_thread);
  return 0;
}

int main(int argc, char **argv) {
  options o = parse_options(argc, argv);
  char symbol[512];
  void *lib;
  const kiln_model_info *info;
  void **in_ptrs, **out_ptrs, *workspace;
  uint64_t state;
  size_t align;
  double *times, start, elapsed, warm_elapsed, sum = 0.0;
  long warmups = 0, runs = 0, capacity;
  int32_t status;
  const char *cap_reason = NULL;
  kiln_threads *pool = NULL;
  void (*set_runner)(kiln_parallel_runner, void *) = NULL;

  lib = dlopen(o.lib, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "kiln_bench: %s\n", dlerror());
    return 1;
  }
  snprintf(symbol, sizeof(symbol), "%s_info", o.model);
  info = (const kiln_model_info *)dlsym(lib, symbol);
  if (!info) {
    fprintf(stderr, "kiln_bench: %s has no symbol %s\n", o.lib, symbol);
    return 1;
  }
  if (info->abi_version != KILN_ABI_VERSION) {
    fprintf(stderr, "kiln_bench: %s has ABI version %u, this program %u\n",
            o.lib, info->abi_version, KILN_ABI_VERSION);
    return 1;
  }

  /* The library's runtime runs its loops serially unless a runner is
     installed in it, through its own kiln_set_parallel_runner. */
  if (o.threads > 1 || o.profile > 0) {
    void *sym = dlsym(lib, "kiln_set_parallel_runner");
    if (!sym) {
      fprintf(stderr, "kiln_bench: %s has no symbol kiln_set_parallel_runner\n",
              o.lib);
      return 1;
    }
    memcpy(&set_runner, &sym, sizeof(sym));
  }
  if (o.threads > 1) {
    status = kiln_threads_create((int32_t)o.threads, &pool);
    if (status != KILN_STATUS_OK) {
      fprintf(stderr, "kiln_bench: cannot start %ld threads\n", o.threads);
      return 1;
    }
    set_runner(kiln_threads_run, pool);
  }

  /* Every named input file must match an input of the model. */
  for (int k = 0; k < o.num_inputs; ++k) {
    uint32_t i = 0;
    while (i < info->num_inputs && strcmp(info->inputs[i].name, o.inputs[k].name))
      ++i;
    if (i == info->num_inputs) {
      fprintf(stderr, "kiln_bench: model %s has no input named '%s'\n",
              o.model, o.inputs[k].name);
      return 1;
    }
  }

  state = 0x9E3779B97F4A7C15ULL ^ (uint64_t)o.seed;
  in_ptrs = calloc(info->num_inputs + 1, sizeof(void *));
  out_ptrs = calloc(info->num_outputs + 1, sizeof(void *));
  if (!in_ptrs || !out_ptrs)
    return 1;
  for (uint32_t i = 0; i < info->num_inputs; ++i) {
    const kiln_tensor_info *t = &info->inputs[i];
    const char *path = NULL;
    in_ptrs[i] = xaligned(64, t->size_bytes);
    for (int k = 0; k < o.num_inputs; ++k)
      if (!strcmp(o.inputs[k].name, t->name))
        path = o.inputs[k].path;
    if (path)
      read_file(path, in_ptrs[i], t->size_bytes);
    else
      fill_random(t, in_ptrs[i], &state);
  }
  for (uint32_t i = 0; i < info->num_outputs; ++i)
    out_ptrs[i] = xaligned(64, info->outputs[i].size_bytes);
  /* 64 bytes at least: a cache line, whatever the model asks for. */
  align = info->workspace_align > 64 ? (size_t)info->workspace_align : 64;
  workspace = xaligned(align, (size_t)info->workspace_size);

  /* Warm-up: at most half the time cap, so that a model taking seconds per
     run still leaves time to measure; at least one run (first-touch page
     faults and cold caches must not be measured). */
  start = now_s();
  warm_elapsed = 0.0;
  while (warmups < o.warmup || warmups == 0) {
    status = info->run(in_ptrs, out_ptrs, workspace);
    if (status != KILN_STATUS_OK) {
      fprintf(stderr, "kiln_bench: %s_run failed: %s\n", o.model,
              status_name(status));
      return 1;
    }
    ++warmups;
    warm_elapsed = now_s() - start;
    if (o.max_time > 0 && warm_elapsed >= o.max_time / 2 && warmups < o.warmup) {
      cap_reason = "warm-up";
      break;
    }
  }

  capacity = o.min_runs > 64 ? o.min_runs : 64;
  times = malloc((size_t)capacity * sizeof(double));
  if (!times)
    return 1;
  elapsed = 0.0;
  for (;;) {
    double t0, t1;
    if (runs >= o.min_runs && elapsed >= o.min_time)
      break;
    if (o.max_time > 0 && elapsed >= o.max_time && runs >= 1) {
      cap_reason = cap_reason ? "warm-up and runs" : "runs";
      break;
    }
    if (runs == capacity) {
      capacity *= 2;
      times = realloc(times, (size_t)capacity * sizeof(double));
      if (!times)
        return 1;
    }
    t0 = now_s();
    status = info->run(in_ptrs, out_ptrs, workspace);
    t1 = now_s();
    if (status != KILN_STATUS_OK) {
      fprintf(stderr, "kiln_bench: %s_run failed: %s\n", o.model,
              status_name(status));
      return 1;
    }
    times[runs++] = t1 - t0;
    sum += t1 - t0;
    elapsed += t1 - t0;
  }

  if (o.output_dir) {
    for (uint32_t i = 0; i < info->num_outputs; ++i) {
      char path[4096];
      snprintf(path, sizeof(path), "%s/kiln_output_%u.bin", o.output_dir, i);
      write_file(path, out_ptrs[i], info->outputs[i].size_bytes);
    }
  }

  qsort(times, (size_t)runs, sizeof(double), compare_double);
  printf("{\"model\": ");
  print_json_string(info->name);
  printf(", \"workspace_bytes\": %llu, \"threads\": %ld, "
         "\"warmup_runs\": %ld, \"runs\": %ld, "
         "\"measured_s\": %.6f, \"warmup_s\": %.6f, \"median_ms\": %.6f, "
         "\"min_ms\": %.6f, \"mean_ms\": %.6f, \"capped\": ",
         (unsigned long long)info->workspace_size, o.threads, warmups, runs,
         elapsed, warm_elapsed,
         1e3 * median_of_sorted(times, runs),
         1e3 * times[0], 1e3 * sum / (double)runs);
  if (cap_reason)
    print_json_string(cap_reason);
  else
    printf("null");
  printf(", \"outputs\": [");
  for (uint32_t i = 0; i < info->num_outputs; ++i) {
    const kiln_tensor_info *t = &info->outputs[i];
    printf("%s{\"name\": ", i ? ", " : "");
    print_json_string(t->name);
    printf(", \"dtype\": %d, \"shape\": [", t->dtype);
    for (int32_t d = 0; d < t->rank; ++d)
      printf("%s%lld", d ? ", " : "", (long long)t->shape[d]);
    printf("]}");
  }
  printf("]");
  if (o.profile > 0 && profile_loops(o.lib, info, in_ptrs, out_ptrs,
                                     workspace, o.profile, o.trace, pool,
                                     set_runner))
    return 1;
  printf("}\n");
  if (pool) {
    set_runner(NULL, NULL);
    kiln_threads_destroy(pool);
  }
  return 0;
}
