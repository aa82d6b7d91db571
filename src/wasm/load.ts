import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The WebAssembly constructors we use. lib ES2022 has no WebAssembly types (a DOM/Node global), so
 * they are typed here, once.
 */
export interface WasmApi {
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => { exports: unknown };
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
}

export const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** build/<name> of this package (compiled by `npm run build:wasm` in `prepare`), from src/ or dist/. */
function findBinary(name: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'build', name);
    if (existsSync(p)) return p;
    if (existsSync(join(dir, 'package.json'))) return undefined;
    dir = dirname(dir);
  }
  return undefined;
}

const modules = new Map<string, object | null>();

/**
 * This thread's compiled module build/<name>, or null when the binary is missing (not built), the
 * engine has no SIMD, or L2L_NO_WASM=1: callers then run their TypeScript kernels.
 */
export function wasmModule(name: string): object | null {
  const hit = modules.get(name);
  if (hit !== undefined) return hit;
  let mod: object | null = null;
  const file = process.env.L2L_NO_WASM === '1' ? undefined : findBinary(name);
  if (file) {
    try {
      mod = new WA.Module(readFileSync(file));
    } catch {
      mod = null; // an engine without SIMD
    }
  }
  modules.set(name, mod);
  return mod;
}
