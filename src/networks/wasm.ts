import { WA, wasmModule } from '../wasm/load.js';

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

/** This thread's compiled module, or null (no binary, no SIMD, or L2L_NO_WASM=1). */
export function netKernelModule(): object | null {
  return wasmModule('net-kernels.wasm');
}

/** A fresh memory of `bytes` (rounded up to 64 KiB pages) and the kernels bound to it, or null. */
export function netKernelsWithMemory(bytes: number): { kernels: NetKernels; buffer: ArrayBuffer } | null {
  const mod = netKernelModule();
  if (!mod) return null;
  const memory = new WA.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const inst = new WA.Instance(mod, { env: { memory } });
  return { kernels: inst.exports as NetKernels, buffer: memory.buffer };
}
