import { WA, wasmModule } from '../wasm/load.js';

/**
 * The WebAssembly SIMD kernels (assembly/lsq-kernels.ts, compiled by `npm run build:wasm` in
 * `prepare` to build/lsq-kernels.wasm): matrix–vector products, dot, axpy, re-orthogonalisation,
 * f64x2, no fused multiply-add. Measured 2× or more faster than the TypeScript kernels on the
 * Golub–Kahan passes (bench/leastsquares.ts, docs-notes/lsperf.md). When the binary is missing
 * (not built) or L2L_NO_WASM=1, `wasmKernels()` is null and krylov.ts uses its TypeScript kernels:
 * the same operations with another order of additions, equal to rounding (both are held to 1e-9 of
 * plain simulation by the property tests).
 *
 * Memory: one instance per thread. Arrays are copied into its linear memory (an arena); within an
 * `arenaScope` (one task), a source array already copied is not copied again, so TbT, TbV and the
 * validation projection of one task copy X once.
 */
export interface WasmExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  matVec(X: number, n: number, d: number, v: number, out: number): void;
  matTVecAdd(X: number, n: number, d: number, u: number, out: number): void;
  dot(a: number, b: number, len: number): number;
  axpy(s: number, x: number, y: number, len: number): void;
  reorthogonalise(p: number, Q: number, count: number, len: number): void;
  triMatVec(R: number, d: number, v: number, out: number): void;
  triMatTVecAdd(R: number, d: number, u: number, out: number): void;
  lowMatVec(L: number, n: number, v: number, out: number): void;
  lowMatTVecAdd(L: number, n: number, u: number, out: number): void;
}

/** Byte offset where the arena starts (the module's own data, if any, lives below). */
const BASE = 65536;
const PAGE = 65536;

export class Arena {
  private top = BASE;
  private resident = new Map<ArrayBufferLike, number>();
  private depth = 0;
  private scratchLive = false;

  constructor(readonly k: WasmExports) {}

  /** Make sure [0, bytes) is addressable. Growing detaches every view: call before making views. */
  ensure(bytes: number): void {
    const have = this.k.memory.buffer.byteLength;
    if (bytes <= have) return;
    // growing would detach the scope's `scratch` arrays (a task's X): fail loudly, never read zeros
    if (this.scratchLive) throw new Error('lsq-kernels arena: reserve too small for this task (growth would detach its data)');
    this.k.memory.grow(Math.ceil((bytes - have) / PAGE));
  }

  /** Bytes a `place(a)` would add (0 when a's buffer is resident). */
  placeCost(a: Float64Array): number {
    if (a.buffer === this.k.memory.buffer) return 0;
    return this.depth > 0 && this.resident.has(a.buffer) ? 0 : a.buffer.byteLength + 16;
  }

  /** A view of a copy of `a` in the arena (the whole underlying buffer is copied once per scope). */
  place(a: Float64Array): Float64Array {
    if (a.buffer === this.k.memory.buffer) return a; // drawn in the arena already (`scratch`)
    let base = this.depth > 0 ? this.resident.get(a.buffer) : undefined;
    if (base === undefined) {
      base = this.alloc(a.buffer.byteLength);
      new Uint8Array(this.k.memory.buffer, base, a.buffer.byteLength).set(new Uint8Array(a.buffer));
      if (this.depth > 0) this.resident.set(a.buffer, base);
    }
    return new Float64Array(this.k.memory.buffer, base + a.byteOffset, a.length);
  }

  /** Byte offset of `bytes` fresh bytes, 16-byte aligned (the caller has called `ensure`). */
  alloc(bytes: number): number {
    const p = this.top;
    this.top = (p + bytes + 15) & ~15;
    return p;
  }

  /** A zeroed float64 view of `len` entries. */
  zeros(len: number): Float64Array {
    const p = this.alloc(len * 8);
    const v = new Float64Array(this.k.memory.buffer, p, len);
    v.fill(0);
    return v;
  }

  /**
   * A view of `len` entries that lives until the scope ends (a task's X is drawn straight into the
   * arena: no copy, no garbage). Its contents are not cleared. Call `ensure` for the whole scope
   * first: a later growth of the memory would detach it.
   */
  scratch(len: number): Float64Array {
    if (this.depth > 0) this.scratchLive = true;
    return new Float64Array(this.k.memory.buffer, this.alloc(len * 8), len);
  }

  mark(): number {
    return this.top;
  }

  /** Inside an arena scope (copies stay resident until it ends). */
  get scoped(): boolean {
    return this.depth > 0;
  }

  release(mark: number): void {
    this.top = mark;
  }

  enter(): void {
    if (this.depth++ === 0) {
      this.resident.clear();
      this.top = BASE;
    }
  }

  exit(): void {
    if (--this.depth === 0) {
      this.scratchLive = false;
      this.resident.clear();
      this.top = BASE;
    }
  }
}

let cached: Arena | null | undefined;

/** This thread's kernels and arena, or null (no binary, no SIMD, or L2L_NO_WASM=1). */
export function wasmArena(): Arena | null {
  if (cached !== undefined) return cached;
  cached = null;
  const mod = wasmModule('lsq-kernels.wasm');
  if (!mod) return cached;
  try {
    const inst = new WA.Instance(mod, { env: { abort: () => { throw new Error('lsq-kernels: abort'); } } });
    cached = new Arena(inst.exports as WasmExports);
  } catch {
    cached = null; // an engine without SIMD: the TypeScript kernels
  }
  return cached;
}

/**
 * Run `f` with one arena scope, `reserve` bytes grown up front (so that arrays drawn with
 * `scratch` inside stay attached); `f` gets the arena's allocator, or plain allocation without one.: arrays placed inside are copied once (f must not modify a source
 * array between two uses: the tasks never do, they are drawn and then only read).
 */
export function arenaScope<T>(reserve: number, f: (alloc?: (len: number) => Float64Array) => T): T {
  const a = wasmArena();
  if (!a) return f();
  a.enter();
  try {
    a.ensure(a.mark() + reserve);
    return f((len) => a.scratch(len));
  } finally {
    a.exit();
  }
}
