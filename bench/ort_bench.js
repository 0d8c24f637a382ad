// ===- ort_bench.js - Time a model with ONNX Runtime (CPU) ----------------=== //
//
// The ONNX Runtime side of Kiln's benchmark: one session per thread count
// (graph optimization 'all', intraOpNumThreads N, interOpNumThreads 1,
// sequential execution), warm-up runs, then measured runs until both a run
// count and a time are reached (or a time cap). Inputs are raw little-endian
// files described by a JSON spec; the outputs of the first thread count are
// written as raw files for the comparison with Kiln. Prints one JSON object.
//
// Usage: node ort_bench.js --model M.onnx --spec inputs.json --threads 1,2
//          [--warmup N] [--min-runs N] [--min-time S] [--max-time S]
//          [--output-dir DIR]
// inputs.json: [{"name": ..., "dtype": "float32"|"int64"|..., "shape": [...],
//                "file": ...}, ...]
//
// ===----------------------------------------------------------------------=== //
'use strict';

const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

const TYPED_ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
};

function parseArgs(argv) {
  const opts = {
    threads: [1], warmup: 10, minRuns: 30, minTime: 3, maxTime: 0,
    outputDir: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (v === undefined) throw new Error(`missing value after ${a}`);
    switch (a) {
      case '--model': opts.model = v; break;
      case '--spec': opts.spec = v; break;
      case '--threads': opts.threads = v.split(',').map(Number); break;
      case '--warmup': opts.warmup = Number(v); break;
      case '--min-runs': opts.minRuns = Number(v); break;
      case '--min-time': opts.minTime = Number(v); break;
      case '--max-time': opts.maxTime = Number(v); break;
      case '--output-dir': opts.outputDir = v; break;
      default: throw new Error(`unknown option ${a}`);
    }
    i++;
  }
  if (!opts.model || !opts.spec) throw new Error('--model and --spec are required');
  return opts;
}

function loadFeeds(specPath) {
  const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
  const feeds = {};
  for (const input of spec) {
    const Type = TYPED_ARRAYS[input.dtype];
    if (!Type) throw new Error(`input ${input.name}: unsupported dtype ${input.dtype}`);
    const bytes = fs.readFileSync(path.resolve(path.dirname(specPath), input.file));
    // Copy into a fresh, aligned buffer: a Buffer may be a view at any offset.
    const data = new Type(bytes.byteLength / Type.BYTES_PER_ELEMENT);
    new Uint8Array(data.buffer).set(bytes);
    feeds[input.name] = new ort.Tensor(input.dtype, data, input.shape);
  }
  return feeds;
}

function nowS() {
  return Number(process.hrtime.bigint()) * 1e-9;
}

async function measure(session, feeds, opts) {
  let capped = null;
  let warmups = 0;
  const start = nowS();
  let warmS = 0;
  while (warmups < opts.warmup || warmups === 0) {
    await session.run(feeds);
    warmups++;
    warmS = nowS() - start;
    if (opts.maxTime > 0 && warmS >= opts.maxTime / 2 && warmups < opts.warmup) {
      capped = 'warm-up';
      break;
    }
  }
  const times = [];
  let elapsed = 0;
  let outputs = null;
  for (;;) {
    if (times.length >= opts.minRuns && elapsed >= opts.minTime) break;
    if (opts.maxTime > 0 && elapsed >= opts.maxTime && times.length >= 1) {
      capped = capped ? 'warm-up and runs' : 'runs';
      break;
    }
    const t0 = nowS();
    outputs = await session.run(feeds);
    const t1 = nowS();
    times.push(t1 - t0);
    elapsed += t1 - t0;
  }
  const sorted = times.slice().sort((x, y) => x - y);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  return {
    result: {
      warmup_runs: warmups, runs: n, measured_s: elapsed, warmup_s: warmS,
      median_ms: 1e3 * median, min_ms: 1e3 * sorted[0],
      mean_ms: 1e3 * times.reduce((s, t) => s + t, 0) / n, capped,
    },
    outputs,
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const feeds = loadFeeds(opts.spec);
  const report = { ort_version: ort.env.versions.node, model: opts.model, threads: {}, outputs: [] };
  for (let k = 0; k < opts.threads.length; k++) {
    const n = opts.threads[k];
    const session = await ort.InferenceSession.create(opts.model, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      intraOpNumThreads: n,
      interOpNumThreads: 1,
      executionMode: 'sequential',
    });
    const { result, outputs } = await measure(session, feeds, opts);
    report.threads[n] = result;
    if (k === 0 && opts.outputDir) {
      session.outputNames.forEach((name, i) => {
        const t = outputs[name];
        const file = path.join(opts.outputDir, `ort_output_${i}.bin`);
        fs.writeFileSync(file, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
        report.outputs.push({ name, dtype: t.type, shape: t.dims, file });
      });
    }
    await session.release();
  }
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((e) => {
  process.stderr.write(`ort_bench.js: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
