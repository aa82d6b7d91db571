import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The WebAssembly SIMD network kernels (assembly/net-kernels.ts, compiled by `npm run build:wasm` in
 * `prepare` to build/net-kernels.wasm): the sparse-input layer product, the weight gradient, the
 * ReLU, the bias gradient and the backward adjoint, f64x2, no fused multiply-add. They form every
 * sum in the same order as the TypeScript kernels of net.ts, so results are bit-identical to them
 * (spec/networks-kernels.spec.ts); they are 3–5× faster on the paper's network (bench/networks.ts).
 *
 * The module imports its memory: every Workspace owns one, sized for its buffers and never grown
 * (so its views never detach), freed with the Workspace. When the binary is missing (not built),
 * the engine has no SIMD, or L2L_NO_WASM=1, `netKernelModule()` is null and net.ts runs its
 * TypeScript kernels.
 */
export interface NetKernels {
  rows(a: number, B: number, nin: number, nzI: number, nzV: number, nzC: number): void;
  fwd(p: number, wo: number, bo: number, nzI: number, nzV: number, nzC: number, z: number, B: number, nin: number, nout: number): void;
  relu(z: number, a: number, n: number): void;
  biasGrad(dz: number, B: number, nout: number, g: number): void;
  cols(nzI: number, nzV: number, nzC: number, B: number, nin: number, colStart: number, colB: number, colV: number): void;
  wgrad(g: number, wo: number, colStart: number, colB: number, colV: number, dz: number, nin: number, nout: number): void;
  backDz(p: number, wo: number, dz: number, z: number, dzPrev: number, B: number, nin: number, nout: number): void;
  mlpBwd(th: number, W1T: number, W2T: number, thGrad: number, dd: number, ds: number, h1: number, h2: number, raw: number, mean: number, sd: number, f: number, fadj: number, dh1: number, dh2: number, n: number, nraw: number, nfeat: number): void;
  mlpFwd(th: number, raw: number, mean: number, sd: number, f: number, h1: number, h2: number, out: number, n: number, H: number, nraw: number, nfeat: number): void;
}

interface WasmApi {
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => { exports: unknown };
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
}

// lib ES2022 has no WebAssembly types (a DOM/Node global): the constructors we use, typed here
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let cached: object | null | undefined;

function findBinary(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'build', 'net-kernels.wasm');
    if (existsSync(p)) return p;
    if (existsSync(join(dir, 'package.json'))) return undefined;
    dir = dirname(dir);
  }
  return undefined;
}

/** This thread's compiled module, or null (no binary, no SIMD, or L2L_NO_WASM=1). */
export function netKernelModule(): object | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.L2L_NO_WASM === '1') return cached;
  const file = findBinary();
  if (!file) return cached;
  try {
    cached = new WA.Module(readFileSync(file));
  } catch {
    cached = null; // an engine without SIMD: the TypeScript kernels
  }
  return cached;
}

/** A fresh memory of `bytes` (rounded up to 64 KiB pages) and the kernels bound to it, or null. */
export function netKernelsWithMemory(bytes: number): { kernels: NetKernels; buffer: ArrayBuffer } | null {
  const mod = netKernelModule();
  if (!mod) return null;
  const memory = new WA.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const inst = new WA.Instance(mod, { env: { memory } });
  return { kernels: inst.exports as NetKernels, buffer: memory.buffer };
}
