// AssemblyScript source of the least-squares kernels (WebAssembly SIMD, f64x2), compiled in
// `prepare` by `npm run build:wasm` to build/lsq-kernels.wasm (never committed). Loaded by
// src/leastsquares/wasm.ts; the plain TypeScript kernels in src/leastsquares/krylov.ts are the
// fallback and the reference. Every pointer is a byte offset into this module's memory, every
// array is float64. No fused multiply-add (relaxed SIMD) is used: products and sums round as in
// the TypeScript kernels, only the order of the additions differs.

// out[i] = <X[i, :], v> for the n rows of X (n×d row-major). Four rows share each load of v, and
// each row keeps two f64x2 accumulators (eight independent add chains).
export function matVec(X: usize, n: i32, d: i32, v: usize, out: usize): void {
  const rb = (<usize>d) << 3;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = X + <usize>i * rb;
    const r1 = r0 + rb;
    const r2 = r1 + rb;
    const r3 = r2 + rb;
    let a0 = f64x2.splat(0);
    let b0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let b1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let b2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    let b3 = f64x2.splat(0);
    let j = 0;
    for (; j + 3 < d; j += 4) {
      const o = (<usize>j) << 3;
      const v0 = v128.load(v + o);
      const v1 = v128.load(v + o, 16);
      a0 = f64x2.add(a0, f64x2.mul(v128.load(r0 + o), v0));
      b0 = f64x2.add(b0, f64x2.mul(v128.load(r0 + o, 16), v1));
      a1 = f64x2.add(a1, f64x2.mul(v128.load(r1 + o), v0));
      b1 = f64x2.add(b1, f64x2.mul(v128.load(r1 + o, 16), v1));
      a2 = f64x2.add(a2, f64x2.mul(v128.load(r2 + o), v0));
      b2 = f64x2.add(b2, f64x2.mul(v128.load(r2 + o, 16), v1));
      a3 = f64x2.add(a3, f64x2.mul(v128.load(r3 + o), v0));
      b3 = f64x2.add(b3, f64x2.mul(v128.load(r3 + o, 16), v1));
    }
    a0 = f64x2.add(a0, b0);
    a1 = f64x2.add(a1, b1);
    a2 = f64x2.add(a2, b2);
    a3 = f64x2.add(a3, b3);
    let s0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
    let s1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
    let s2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
    let s3 = f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1);
    for (; j < d; j++) {
      const o = (<usize>j) << 3;
      const vj = load<f64>(v + o);
      s0 += load<f64>(r0 + o) * vj;
      s1 += load<f64>(r1 + o) * vj;
      s2 += load<f64>(r2 + o) * vj;
      s3 += load<f64>(r3 + o) * vj;
    }
    const oo = out + ((<usize>i) << 3);
    store<f64>(oo, s0);
    store<f64>(oo, s1, 8);
    store<f64>(oo, s2, 16);
    store<f64>(oo, s3, 24);
  }
  for (; i < n; i++) store<f64>(out + ((<usize>i) << 3), dot(X + <usize>i * rb, v, d));
}

// out += Xᵀu: four rows per sweep over out (one load and store of out per eight multiply-adds).
export function matTVecAdd(X: usize, n: i32, d: i32, u: usize, out: usize): void {
  const rb = (<usize>d) << 3;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = X + <usize>i * rb;
    const r1 = r0 + rb;
    const r2 = r1 + rb;
    const r3 = r2 + rb;
    const ui = u + ((<usize>i) << 3);
    const c0 = load<f64>(ui);
    const c1 = load<f64>(ui, 8);
    const c2 = load<f64>(ui, 16);
    const c3 = load<f64>(ui, 24);
    const u0 = f64x2.splat(c0);
    const u1 = f64x2.splat(c1);
    const u2 = f64x2.splat(c2);
    const u3 = f64x2.splat(c3);
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const o = (<usize>j) << 3;
      const s = f64x2.add(
        f64x2.add(f64x2.mul(u0, v128.load(r0 + o)), f64x2.mul(u1, v128.load(r1 + o))),
        f64x2.add(f64x2.mul(u2, v128.load(r2 + o)), f64x2.mul(u3, v128.load(r3 + o))),
      );
      v128.store(out + o, f64x2.add(v128.load(out + o), s));
    }
    for (; j < d; j++) {
      const o = (<usize>j) << 3;
      store<f64>(out + o, load<f64>(out + o) + ((c0 * load<f64>(r0 + o) + c1 * load<f64>(r1 + o)) + (c2 * load<f64>(r2 + o) + c3 * load<f64>(r3 + o))));
    }
  }
  for (; i < n; i++) axpy(load<f64>(u + ((<usize>i) << 3)), X + <usize>i * rb, out, d);
}

// Σ a[j]·b[j], j < len: four f64x2 accumulators.
export function dot(a: usize, b: usize, len: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < len; j += 4) {
    const o = (<usize>j) << 3;
    s0 = f64x2.add(s0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    s1 = f64x2.add(s1, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  s0 = f64x2.add(s0, s1);
  let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
  for (; j < len; j++) {
    const o = (<usize>j) << 3;
    s += load<f64>(a + o) * load<f64>(b + o);
  }
  return s;
}

// y += s·x, j < len.
export function axpy(s: f64, x: usize, y: usize, len: i32): void {
  const sv = f64x2.splat(s);
  let j = 0;
  for (; j + 1 < len; j += 2) {
    const o = (<usize>j) << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(sv, v128.load(x + o))));
  }
  for (; j < len; j++) {
    const o = (<usize>j) << 3;
    store<f64>(y + o, load<f64>(y + o) + s * load<f64>(x + o));
  }
}

// Two passes of (modified) Gram–Schmidt of p against the first `count` rows of Q ("twice is enough").
export function reorthogonalise(p: usize, Q: usize, count: i32, len: i32): void {
  const rb = (<usize>len) << 3;
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 0; r < count; r++) {
      const q = Q + <usize>r * rb;
      axpy(-dot(q, p, len), q, p, len);
    }
  }
}

// out[i] = <R[i, i:], v[i:]> for a d×d upper-triangular R (row-major, the lower part never read).
export function triMatVec(R: usize, d: i32, v: usize, out: usize): void {
  const rb = (<usize>d) << 3;
  for (let i = 0; i < d; i++) {
    const o = (<usize>i) << 3;
    store<f64>(out + o, dot(R + <usize>i * rb + o, v + o, d - i));
  }
}

// out += Rᵀu for a d×d upper-triangular R.
export function triMatTVecAdd(R: usize, d: i32, u: usize, out: usize): void {
  const rb = (<usize>d) << 3;
  for (let i = 0; i < d; i++) {
    const o = (<usize>i) << 3;
    axpy(load<f64>(u + o), R + <usize>i * rb + o, out + o, d - i);
  }
}

// out[i] = <L[i, :i+1], v[:i+1]> for an n×n lower-triangular L (row-major, the upper part never read).
export function lowMatVec(L: usize, n: i32, v: usize, out: usize): void {
  const rb = (<usize>n) << 3;
  for (let i = 0; i < n; i++) store<f64>(out + ((<usize>i) << 3), dot(L + <usize>i * rb, v, i + 1));
}

// out += Lᵀu for an n×n lower-triangular L.
export function lowMatTVecAdd(L: usize, n: i32, u: usize, out: usize): void {
  const rb = (<usize>n) << 3;
  for (let i = 0; i < n; i++) axpy(load<f64>(u + ((<usize>i) << 3)), L + <usize>i * rb, out, i + 1);
}
