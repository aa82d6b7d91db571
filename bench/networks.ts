/**
 * MNIST network timings (issue 12 item 2, issue 10's paper-scale budget): CPU milliseconds per SGD
 * step (mini-batch 32: gather, loss and gradient, update) of the paper network (784-100-20-10, 28×28
 * digits) and the reduced one (196-32-16-10, 14×14 pooled), for
 *   - plain:  the dense loops the kernels replaced (input-major W, zero inputs skipped, blocked by 64
 *             input rows; copied here as they were), the baseline of the ratios;
 *   - ts:     the sparse-input TypeScript kernels (src/networks/net.ts, `wasm: false`);
 *   - wasm:   the WebAssembly SIMD kernels (build/net-kernels.wasm), the default.
 * Variants are timed alternately (rounds), CPU time of this thread, so the ratios are robust to the
 * machine's load; the load average is printed. Then one MLP-optimizer step (forward only) per
 * network and one meta-training step (forward and exact reverse), and the wall and CPU time of one
 * paper-scale step-size seed on 1 and on 2 worker threads.
 *   npx tsx bench/networks.ts [--rounds N] [--skip-workers]
 */
import { loadavg } from 'node:os';
import { Rng } from '../src/random/index.js';
import { DEFAULT_SHAPE, Net, SCALES, Workspace, cachedSplit, drawSegment, freshState, initParams, initTheta, lossGrad, makeProblem, mlpUpdater, runMnist, runSegment, splitSizes, type Scale } from '../src/networks/index.js';

const BLOCK = 64;

/** The kernels as they were before the sparse path (for the baseline only). */
function plainLossGrad(net: Net, a0: Float64Array, y: Int32Array, p: Float64Array, B: number, grad: Float64Array, buf: { a: Float64Array[]; z: Float64Array[]; dz: Float64Array[] }): number {
  const L = net.layers;
  buf.a[0] = a0;
  for (let l = 0; l < L; l++) {
    const nin = net.sizes[l];
    const nout = net.sizes[l + 1];
    const z = buf.z[l + 1];
    const a = buf.a[l];
    const wo = net.wOff[l];
    const bo = net.bOff[l];
    for (let b = 0; b < B; b++) for (let o = 0; o < nout; o++) z[b * nout + o] = p[bo + o];
    for (let i0 = 0; i0 < nin; i0 += BLOCK) {
      const i1 = Math.min(nin, i0 + BLOCK);
      for (let b = 0; b < B; b++) {
        for (let i = i0; i < i1; i++) {
          const v = a[b * nin + i];
          if (v === 0) continue;
          const wi = wo + i * nout;
          for (let o = 0; o < nout; o++) z[b * nout + o] += v * p[wi + o];
        }
      }
    }
    const an = buf.a[l + 1];
    for (let k = 0; k < B * nout; k++) an[k] = l < L - 1 ? (z[k] > 0 ? z[k] : 0) : z[k];
  }
  const C = net.classes;
  const zL = buf.z[L];
  const dzL = buf.dz[L];
  let loss = 0;
  for (let b = 0; b < B; b++) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (zL[b * C + c] > m) m = zL[b * C + c];
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(zL[b * C + c] - m);
    const lse = m + Math.log(s);
    loss += lse - zL[b * C + y[b]];
    for (let c = 0; c < C; c++) dzL[b * C + c] = Math.exp(zL[b * C + c] - lse) / B;
    dzL[b * C + y[b]] -= 1 / B;
  }
  grad.fill(0);
  for (let l = L - 1; l >= 0; l--) {
    const nin = net.sizes[l];
    const nout = net.sizes[l + 1];
    const dz = buf.dz[l + 1];
    const a = buf.a[l];
    const wo = net.wOff[l];
    const bo = net.bOff[l];
    for (let b = 0; b < B; b++) for (let o = 0; o < nout; o++) grad[bo + o] += dz[b * nout + o];
    for (let i0 = 0; i0 < nin; i0 += BLOCK) {
      const i1 = Math.min(nin, i0 + BLOCK);
      for (let b = 0; b < B; b++) {
        for (let i = i0; i < i1; i++) {
          const v = a[b * nin + i];
          if (v === 0) continue;
          for (let o = 0; o < nout; o++) grad[wo + i * nout + o] += v * dz[b * nout + o];
        }
      }
    }
    if (l === 0) break;
    const dzPrev = buf.dz[l];
    const zPrev = buf.z[l];
    for (let b = 0; b < B; b++)
      for (let i = 0; i < nin; i++) {
        if (!(zPrev[b * nin + i] > 0)) {
          dzPrev[b * nin + i] = 0;
          continue;
        }
        let s = 0;
        for (let o = 0; o < nout; o++) s += dz[b * nout + o] * p[wo + i * nout + o];
        dzPrev[b * nin + i] = s;
      }
  }
  return loss / B;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

type Variant = 'plain' | 'ts' | 'wasm';

/** A stepper for one variant: k SGD steps (batch 32, η = 0.05) over the training digits in order. */
function stepper(scale: Scale, variant: Variant) {
  const split = cachedSplit(1, splitSizes(scale, 'noisy-1000'));
  const net = new Net(scale.sizes);
  const B = 32;
  const init = initParams(net, Rng.fromSeed(1));
  const ws = new Workspace(net, B, { wasm: variant === 'wasm' });
  const p = variant === 'plain' ? Float64Array.from(init) : ws.params;
  p.set(init);
  const g = variant === 'plain' ? new Float64Array(net.nParams) : ws.grad;
  const buf = { a: net.sizes.map((n) => new Float64Array(B * n)), z: net.sizes.map((n) => new Float64Array(B * n)), dz: net.sizes.map((n) => new Float64Array(B * n)) };
  const n = split.train.n;
  let pos = 0;
  return (k: number) => {
    for (let s = 0; s < k; s++) {
      if (pos + B > n) pos = 0;
      ws.gather(split.train.x, split.train.y, null, pos, B);
      pos += B;
      if (variant === 'plain') plainLossGrad(net, ws.a[0], ws.y, p, B, g, buf);
      else lossGrad(net, ws, p, B, g);
      for (let i = 0; i < p.length; i++) p[i] -= 0.05 * g[i];
    }
  };
}

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 5;
const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  console.log(s);
};
say(`networks bench: ${rounds} alternating rounds, load average ${loadavg()[0].toFixed(2)} at start`);
for (const scale of [SCALES.paper, SCALES.quick]) {
  const variants: Variant[] = ['plain', 'ts', 'wasm'];
  const steps = scale.name === 'paper' ? 100 : 400;
  const run = Object.fromEntries(variants.map((v) => [v, stepper(scale, v)])) as Record<Variant, (k: number) => void>;
  for (const v of variants) run[v](20); // warm-up
  const ms: Record<Variant, number[]> = { plain: [], ts: [], wasm: [] };
  for (let r = 0; r < rounds; r++)
    for (const v of variants) {
      const c0 = cpuMs();
      run[v](steps);
      ms[v].push((cpuMs() - c0) / steps);
    }
  const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = { plain: med(ms.plain), ts: med(ms.ts), wasm: med(ms.wasm) };
  say(
    `${scale.sizes.join('-')} (batch 32): ms of CPU per SGD step, median of ${rounds}: plain ${m.plain.toFixed(3)}, ts ${m.ts.toFixed(3)}, wasm ${m.wasm.toFixed(3)}; ` +
      `plain/ts ${(m.plain / m.ts).toFixed(2)}x, plain/wasm ${(m.plain / m.wasm).toFixed(2)}x, ts/wasm ${(m.ts / m.wasm).toFixed(2)}x`,
  );
}
// the MLP optimizer's own cost per inner step (forward only: features, standardisation, the MLP per
// parameter), TypeScript and WebAssembly alternately
for (const scale of [SCALES.paper, SCALES.quick]) {
  const net = new Net(scale.sizes);
  const th = initTheta(DEFAULT_SHAPE, Rng.fromSeed(4));
  const k = scale.name === 'paper' ? 5 : 40;
  const ms: Record<string, number[]> = { ts: [], wasm: [] };
  for (let r = 0; r < rounds; r++)
    for (const wasm of [false, true]) {
      const p = initParams(net, Rng.fromSeed(2));
      const g = initParams(net, Rng.fromSeed(3));
      const up = mlpUpdater(DEFAULT_SHAPE, th, net.nParams, { wasm });
      up.step(p, g, 0);
      const c0 = cpuMs();
      for (let t = 1; t <= k; t++) up.step(p, g, t);
      ms[wasm ? 'wasm' : 'ts'].push((cpuMs() - c0) / k);
    }
  const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const t = med(ms.ts);
  const w = med(ms.wasm);
  say(`MLP optimizer step (forward) on ${scale.sizes.join('-')} (${net.nParams} parameters): ms of CPU, median of ${rounds}: ts ${t.toFixed(2)}, wasm ${w.toFixed(2)}; ts/wasm ${(t / w).toFixed(2)}x`);
}
// meta-training: one unrolled segment of 20 steps with its exact reverse pass (the MLP forward and
// backward per parameter, a Hessian-vector product per step), TypeScript and WebAssembly alternately
{
  const scale = SCALES.quick;
  const split = cachedSplit(1, splitSizes(scale, 'noisy-1000'));
  const pr = makeProblem(split, scale.sizes, Rng.fromSeed(5), 32);
  const th = initTheta(DEFAULT_SHAPE, Rng.fromSeed(6));
  const S = 20;
  const ms: Record<string, number[]> = { ts: [], wasm: [] };
  for (let r = 0; r < rounds; r++)
    for (const wasm of [false, true]) {
      const st = freshState(pr);
      const bt = drawSegment(pr, st, S, 'validation', Rng.fromSeed(7), Rng.fromSeed(8));
      const c0 = cpuMs();
      runSegment(pr, DEFAULT_SHAPE, th, st, bt, 'validation', true, { wasm });
      ms[wasm ? 'wasm' : 'ts'].push((cpuMs() - c0) / S);
    }
  const med = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const t = med(ms.ts);
  const w = med(ms.wasm);
  say(`MLP meta-training (segment of ${S} steps, forward + exact reverse) on ${scale.sizes.join('-')}: ms of CPU per unrolled step, median of ${rounds}: ts ${t.toFixed(1)}, wasm ${w.toFixed(1)}; ts/wasm ${(t / w).toFixed(2)}x`);
}
// both cores: one paper-scale seed of the step-size optimizer (15 jobs of about 1 s) on 1 and 2 workers
if (!args.includes('--skip-workers')) {
  for (const workers of [1, 2]) {
    const t0 = performance.now();
    const c0 = cpuMs();
    await runMnist('noisy-1000', 'step-size', [1], SCALES.paper, { workers });
    const wall = (performance.now() - t0) / 1000;
    const cpu = (cpuMs() - c0) / 1000;
    say(`paper-scale step-size run, noisy-1000, seed 1 on ${workers} worker${workers > 1 ? 's' : ''} (${workers > 1 ? 'threads' : 'in-process'}): ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (${((100 * cpu) / wall).toFixed(0)}% of a core; load average ${loadavg()[0].toFixed(2)})`);
  }
}
