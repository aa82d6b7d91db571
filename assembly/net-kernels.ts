// AssemblyScript source of the MNIST network kernels (WebAssembly SIMD, f64x2), compiled in `prepare`
// by `npm run build:wasm` to build/net-kernels.wasm (never committed). Loaded by
// src/networks/wasm.ts; the TypeScript kernels in src/networks/net.ts are the fallback and the
// reference. The memory is imported: every Workspace has its own (sized for it, never grown).
// Every pointer is a byte offset into it; arrays are float64 (i32 for indices and counts).
//
// Bit-identical to the TypeScript kernels, by construction: no fused multiply-add (relaxed SIMD is
// not used), every product rounds once and every sum is formed in the same order as there (the two
// lanes of an f64x2 are two different outputs, never two halves of one sum).

// The non-zeros of a[B×nin] by sample (CSR): the k-th non-zero of sample b at b·nin + k, count in nzC[b].
export function rows(a: usize, B: i32, nin: i32, nzI: usize, nzV: usize, nzC: usize): void {
  for (let b = 0; b < B; b++) {
    const ab = <usize>(b * nin);
    let c = ab;
    for (let i = 0; i < nin; i++) {
      const v = load<f64>(a + ((ab + <usize>i) << 3));
      if (v != 0) {
        store<i32>(nzI + (c << 2), i);
        store<f64>(nzV + (c << 3), v);
        c++;
      }
    }
    store<i32>(nzC + ((<usize>b) << 2), <i32>(c - ab));
  }
}

// out[o] = init[o] (or 0 when !useInit) + Σ_k vals[k]·M[idx[k], o] for o < nout, over k0 ≤ k < k1 in
// ascending k (M row-major with rowBytes per row): the sparse gather-multiply-add that the forward
// product and the weight gradient share. Ten outputs (five f64x2) accumulate in registers, then
// pairs, then one; each output's sum is formed in the order of the TypeScript loop.
// @ts-ignore: decorator
@inline
function gatherRows(out: usize, init: usize, useInit: bool, k0: usize, k1: usize, vals: usize, idx: usize, M: usize, rowBytes: usize, nout: i32): void {
  let o = 0;
  for (; o + 9 < nout; o += 10) {
    const ob = (<usize>o) << 3;
    let s0 = useInit ? v128.load(init + ob) : f64x2.splat(0);
    let s1 = useInit ? v128.load(init + ob, 16) : f64x2.splat(0);
    let s2 = useInit ? v128.load(init + ob, 32) : f64x2.splat(0);
    let s3 = useInit ? v128.load(init + ob, 48) : f64x2.splat(0);
    let s4 = useInit ? v128.load(init + ob, 64) : f64x2.splat(0);
    for (let k = k0; k < k1; k++) {
      const v = f64x2.splat(load<f64>(vals + (k << 3)));
      const w = M + <usize>load<i32>(idx + (k << 2)) * rowBytes + ob;
      s0 = f64x2.add(s0, f64x2.mul(v, v128.load(w)));
      s1 = f64x2.add(s1, f64x2.mul(v, v128.load(w, 16)));
      s2 = f64x2.add(s2, f64x2.mul(v, v128.load(w, 32)));
      s3 = f64x2.add(s3, f64x2.mul(v, v128.load(w, 48)));
      s4 = f64x2.add(s4, f64x2.mul(v, v128.load(w, 64)));
    }
    v128.store(out + ob, s0);
    v128.store(out + ob, s1, 16);
    v128.store(out + ob, s2, 32);
    v128.store(out + ob, s3, 48);
    v128.store(out + ob, s4, 64);
  }
  for (; o + 1 < nout; o += 2) {
    const ob = (<usize>o) << 3;
    let s0 = useInit ? v128.load(init + ob) : f64x2.splat(0);
    for (let k = k0; k < k1; k++) {
      const v = f64x2.splat(load<f64>(vals + (k << 3)));
      s0 = f64x2.add(s0, f64x2.mul(v, v128.load(M + <usize>load<i32>(idx + (k << 2)) * rowBytes + ob)));
    }
    v128.store(out + ob, s0);
  }
  for (; o < nout; o++) {
    const ob = (<usize>o) << 3;
    let s: f64 = useInit ? load<f64>(init + ob) : 0;
    for (let k = k0; k < k1; k++) s += load<f64>(vals + (k << 3)) * load<f64>(M + <usize>load<i32>(idx + (k << 2)) * rowBytes + ob);
    store<f64>(out + ob, s);
  }
}

// z[b, o] = bias[o] + Σ_k v_k·W[i_k, o] over sample b's non-zeros in ascending i (W at p + wo·8,
// row-major nin × nout, bias at p + bo·8).
export function fwd(p: usize, wo: i32, bo: i32, nzI: usize, nzV: usize, nzC: usize, z: usize, B: i32, nin: i32, nout: i32): void {
  const rowBytes = (<usize>nout) << 3;
  const W = p + ((<usize>wo) << 3);
  const bias = p + ((<usize>bo) << 3);
  for (let b = 0; b < B; b++) {
    const k0 = <usize>(b * nin);
    const k1 = k0 + <usize>load<i32>(nzC + ((<usize>b) << 2));
    gatherRows(z + ((<usize>(b * nout)) << 3), bias, true, k0, k1, nzV, nzI, W, rowBytes, nout);
  }
}

// a[k] = z[k] > 0 ? z[k] : 0 (a NaN gives 0, as the TypeScript kernel's comparison does)
export function relu(z: usize, a: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const v = load<f64>(z + ((<usize>k) << 3));
    store<f64>(a + ((<usize>k) << 3), v > 0 ? v : 0);
  }
}

// g[o] = Σ_b dz[b, o] in ascending b, from 0
export function biasGrad(dz: usize, B: i32, nout: i32, g: usize): void {
  for (let o = 0; o < nout; o++) {
    let s: f64 = 0;
    for (let b = 0; b < B; b++) s += load<f64>(dz + ((<usize>(b * nout + o)) << 3));
    store<f64>(g + ((<usize>o) << 3), s);
  }
}

// The CSR non-zeros regrouped by input unit (CSC), samples ascending: colStart[0..nin], colB, colV.
export function cols(nzI: usize, nzV: usize, nzC: usize, B: i32, nin: i32, colStart: usize, colB: usize, colV: usize): void {
  memory.fill(colStart, 0, (<usize>(nin + 1)) << 2);
  for (let b = 0; b < B; b++) {
    const k0 = <usize>(b * nin);
    const k1 = k0 + <usize>load<i32>(nzC + ((<usize>b) << 2));
    for (let k = k0; k < k1; k++) {
      const at = colStart + ((<usize>(load<i32>(nzI + (k << 2)) + 1)) << 2);
      store<i32>(at, load<i32>(at) + 1);
    }
  }
  for (let i = 0; i < nin; i++) {
    const at = colStart + ((<usize>(i + 1)) << 2);
    store<i32>(at, load<i32>(at) + load<i32>(at - 4));
  }
  for (let b = 0; b < B; b++) {
    const k0 = <usize>(b * nin);
    const k1 = k0 + <usize>load<i32>(nzC + ((<usize>b) << 2));
    for (let k = k0; k < k1; k++) {
      const at = colStart + ((<usize>load<i32>(nzI + (k << 2))) << 2);
      const e = <usize>load<i32>(at);
      store<i32>(at, <i32>e + 1);
      store<i32>(colB + (e << 2), b);
      store<f64>(colV + (e << 3), load<f64>(nzV + (k << 3)));
    }
  }
  for (let i = nin; i > 0; i--) store<i32>(colStart + ((<usize>i) << 2), load<i32>(colStart + ((<usize>(i - 1)) << 2)));
  store<i32>(colStart, 0);
}

// grad[wo + i·nout + o] = Σ_e colV[e]·dz[colB[e], o] over input unit i's samples (ascending b), from
// 0; a unit with no non-zero input gets a row of zeros.
export function wgrad(g: usize, wo: i32, colStart: usize, colB: usize, colV: usize, dz: usize, nin: i32, nout: i32): void {
  const rowBytes = (<usize>nout) << 3;
  for (let i = 0; i < nin; i++) {
    const e0 = <usize>load<i32>(colStart + ((<usize>i) << 2));
    const e1 = <usize>load<i32>(colStart + ((<usize>(i + 1)) << 2));
    gatherRows(g + ((<usize>wo + <usize>i * <usize>nout) << 3), 0, false, e0, e1, colV, colB, dz, rowBytes, nout);
  }
}

// dzPrev[b, i] = z[b, i] > 0 ? Σ_o dz[b, o]·W[i, o] (ascending o, from 0) : 0 — the adjoint of the
// previous layer's pre-activation through this layer's weights (W at p + wo·8) and its ReLU.
export function backDz(p: usize, wo: i32, dz: usize, z: usize, dzPrev: usize, B: i32, nin: i32, nout: i32): void {
  const W = p + ((<usize>wo) << 3);
  for (let b = 0; b < B; b++) {
    const zb = dz + ((<usize>(b * nout)) << 3);
    const pb = <usize>(b * nin);
    for (let i = 0; i < nin; i++) {
      const at = (pb + <usize>i) << 3;
      if (!(load<f64>(z + at) > 0)) {
        store<f64>(dzPrev + at, 0);
        continue;
      }
      const wi = W + ((<usize>(i * nout)) << 3);
      let s: f64 = 0;
      for (let o = 0; o < nout; o++) s += load<f64>(zb + ((<usize>o) << 3)) * load<f64>(wi + ((<usize>o) << 3));
      store<f64>(dzPrev + at, s);
    }
  }
}

// out[u] = bias[u] + Σ_{j < count, x_j ≠ 0} x_j·W[j, u] for the 16 units u (eight f64x2 in
// registers), over j in ascending order; then, with relu, out[u] < 0 becomes 0 (NaN stays). One
// hidden layer of the MLP optimizer's forward pass.
// @ts-ignore: decorator
@inline
function dense16(out: usize, bias: usize, x: usize, count: i32, W: usize, rowBytes: usize, relu: bool): void {
  let a0 = v128.load(bias);
  let a1 = v128.load(bias, 16);
  let a2 = v128.load(bias, 32);
  let a3 = v128.load(bias, 48);
  let a4 = v128.load(bias, 64);
  let a5 = v128.load(bias, 80);
  let a6 = v128.load(bias, 96);
  let a7 = v128.load(bias, 112);
  for (let j = 0; j < count; j++) {
    const xj = load<f64>(x + ((<usize>j) << 3));
    if (xj == 0) continue;
    const v = f64x2.splat(xj);
    const w = W + <usize>j * rowBytes;
    a0 = f64x2.add(a0, f64x2.mul(v, v128.load(w)));
    a1 = f64x2.add(a1, f64x2.mul(v, v128.load(w, 16)));
    a2 = f64x2.add(a2, f64x2.mul(v, v128.load(w, 32)));
    a3 = f64x2.add(a3, f64x2.mul(v, v128.load(w, 48)));
    a4 = f64x2.add(a4, f64x2.mul(v, v128.load(w, 64)));
    a5 = f64x2.add(a5, f64x2.mul(v, v128.load(w, 80)));
    a6 = f64x2.add(a6, f64x2.mul(v, v128.load(w, 96)));
    a7 = f64x2.add(a7, f64x2.mul(v, v128.load(w, 112)));
  }
  if (relu) {
    // h < 0 ? 0 : h, lane-wise
    const zero = f64x2.splat(0);
    a0 = v128.bitselect(zero, a0, f64x2.lt(a0, zero));
    a1 = v128.bitselect(zero, a1, f64x2.lt(a1, zero));
    a2 = v128.bitselect(zero, a2, f64x2.lt(a2, zero));
    a3 = v128.bitselect(zero, a3, f64x2.lt(a3, zero));
    a4 = v128.bitselect(zero, a4, f64x2.lt(a4, zero));
    a5 = v128.bitselect(zero, a5, f64x2.lt(a5, zero));
    a6 = v128.bitselect(zero, a6, f64x2.lt(a6, zero));
    a7 = v128.bitselect(zero, a7, f64x2.lt(a7, zero));
  }
  v128.store(out, a0);
  v128.store(out, a1, 16);
  v128.store(out, a2, 32);
  v128.store(out, a3, 48);
  v128.store(out, a4, 64);
  v128.store(out, a5, 80);
  v128.store(out, a6, 96);
  v128.store(out, a7, 112);
}

// dense16 for any width H, one unit at a time (the same sums in the same order).
// @ts-ignore: decorator
@inline
function denseAny(out: usize, bias: usize, x: usize, count: i32, W: usize, rowBytes: usize, H: i32, relu: bool): void {
  for (let u = 0; u < H; u++) store<f64>(out + ((<usize>u) << 3), load<f64>(bias + ((<usize>u) << 3)));
  for (let j = 0; j < count; j++) {
    const xj = load<f64>(x + ((<usize>j) << 3));
    if (xj == 0) continue;
    const w = W + <usize>j * rowBytes;
    for (let u = 0; u < H; u++) {
      const at = out + ((<usize>u) << 3);
      store<f64>(at, load<f64>(at) + xj * load<f64>(w + ((<usize>u) << 3)));
    }
  }
  if (relu)
    for (let u = 0; u < H; u++) {
      const at = out + ((<usize>u) << 3);
      if (load<f64>(at) < 0) store<f64>(at, 0);
    }
}

// The MLP learned optimizer's forward pass on every parameter (src/networks/mlpopt.ts, mlpForward):
// f = ((raw_i − mean) / sd, emb), h1 = relu(b1 + Σ_j f_j·W1[j, ·]) (f_j = 0 skipped; relu keeps −0 and
// NaN as `h < 0 ? 0 : h` does), h2 = b2 + Σ_j h1_j·W2[j, ·] (h1_j = 0 skipped), then d and s summed over
// u in order with relu'd h2 (`h > 0 ? h : 0`). Hidden units are the f64x2 lanes (eight vectors for
// H = 16; other widths take the scalar loop): the sums over j run in the same order as there.
// th: W1 (nfeat×H), b1, W2 (H×H), b2, W3 (H×2), b3; f: nfeat scratch with the step embedding at nraw...
export function mlpFwd(th: usize, raw: usize, mean: usize, sd: usize, f: usize, h1: usize, h2: usize, out: usize, n: i32, H: i32, nraw: i32, nfeat: i32): void {
  const W1 = th;
  const b1 = W1 + ((<usize>(nfeat * H)) << 3);
  const W2 = b1 + ((<usize>H) << 3);
  const b2 = W2 + ((<usize>(H * H)) << 3);
  const W3 = b2 + ((<usize>H) << 3);
  const b3 = W3 + ((<usize>(2 * H)) << 3);
  const rowBytes = (<usize>H) << 3;
  for (let i = 0; i < n; i++) {
    const ri = raw + ((<usize>(i * nraw)) << 3);
    for (let j = 0; j < nraw; j++) {
      const jb = (<usize>j) << 3;
      store<f64>(f + jb, (load<f64>(ri + jb) - load<f64>(mean + jb)) / load<f64>(sd + jb));
    }
    const o1 = h1 + ((<usize>(i * H)) << 3);
    const o2 = h2 + ((<usize>(i * H)) << 3);
    if (H == 16) {
      dense16(o1, b1, f, nfeat, W1, rowBytes, true);
      dense16(o2, b2, o1, 16, W2, rowBytes, false);
    } else {
      denseAny(o1, b1, f, nfeat, W1, rowBytes, H, true);
      denseAny(o2, b2, o1, H, W2, rowBytes, H, false);
    }
    let d = load<f64>(b3);
    let s = load<f64>(b3, 8);
    for (let u = 0; u < H; u++) {
      const at = o2 + ((<usize>u) << 3);
      const hv = load<f64>(at);
      const a = hv > 0 ? hv : 0;
      store<f64>(at, a);
      d += a * load<f64>(W3 + ((<usize>(2 * u)) << 3));
      s += a * load<f64>(W3 + ((<usize>(2 * u + 1)) << 3));
    }
    store<f64>(out + ((<usize>(2 * i)) << 3), d);
    store<f64>(out + ((<usize>(2 * i + 1)) << 3), s);
  }
}

// The MLP learned optimizer's backward pass per parameter (src/networks/mlpopt.ts, runSegment's
// reverse loop), for H = 16: from the adjoints dd_i, ds_i of the direction and magnitude outputs,
// accumulate ∂/∂θ into thGrad (in ascending i, as there) and write the features' adjoints fadj
// (n × nraw). The per-unit products th·adjoint are summed over u in ascending order, two sums at a
// time (lanes j, j+1) from the transposed weights W1T (u × 32, j padded) and W2T (u × 16): the
// same products added in the same order as the TypeScript loop. dh1, dh2: 16-entry scratch.
export function mlpBwd(th: usize, W1T: usize, W2T: usize, thGrad: usize, dd: usize, ds: usize, h1: usize, h2: usize, raw: usize, mean: usize, sd: usize, f: usize, fadj: usize, dh1: usize, dh2: usize, n: i32, nraw: i32, nfeat: i32): void {
  const H = 16;
  const W1 = th;
  const b1 = W1 + ((<usize>(nfeat * H)) << 3);
  const W2 = b1 + ((<usize>H) << 3);
  const b2 = W2 + ((<usize>(H * H)) << 3);
  const W3 = b2 + ((<usize>H) << 3);
  const b3 = W3 + ((<usize>(2 * H)) << 3);
  const gW1 = thGrad;
  const gb1 = gW1 + ((<usize>(nfeat * H)) << 3);
  const gW2 = gb1 + ((<usize>H) << 3);
  const gb2 = gW2 + ((<usize>(H * H)) << 3);
  const gW3 = gb2 + ((<usize>H) << 3);
  const gb3 = gW3 + ((<usize>(2 * H)) << 3);
  for (let i = 0; i < n; i++) {
    const ddi = load<f64>(dd + ((<usize>i) << 3));
    const dsi = load<f64>(ds + ((<usize>i) << 3));
    const o1 = h1 + ((<usize>(i * H)) << 3);
    const o2 = h2 + ((<usize>(i * H)) << 3);
    store<f64>(gb3, load<f64>(gb3) + ddi);
    store<f64>(gb3, load<f64>(gb3, 8) + dsi, 8);
    const dds = f64x2.replace_lane(f64x2.splat(ddi), 1, dsi);
    for (let u = 0; u < H; u++) {
      const a = load<f64>(o2 + ((<usize>u) << 3));
      const at = gW3 + ((<usize>(2 * u)) << 3);
      v128.store(at, f64x2.add(v128.load(at), f64x2.mul(f64x2.splat(a), dds)));
      let d: f64 = 0;
      if (a > 0) d = load<f64>(W3 + ((<usize>(2 * u)) << 3)) * ddi + load<f64>(W3 + ((<usize>(2 * u + 1)) << 3)) * dsi;
      store<f64>(dh2 + ((<usize>u) << 3), d);
    }
    for (let u = 0; u < H; u += 2) {
      const ub = (<usize>u) << 3;
      v128.store(gb2 + ub, f64x2.add(v128.load(gb2 + ub), v128.load(dh2 + ub)));
    }
    // W2: thGrad rows += h1_j·dh2; dh1_j = h1_j > 0 ? Σ_u W2[j, u]·dh2_u : 0
    for (let j = 0; j < H; j++) {
      const va = f64x2.splat(load<f64>(o1 + ((<usize>j) << 3)));
      const row = gW2 + ((<usize>(j * H)) << 3);
      for (let u = 0; u < H; u += 2) {
        const ub = (<usize>u) << 3;
        v128.store(row + ub, f64x2.add(v128.load(row + ub), f64x2.mul(va, v128.load(dh2 + ub))));
      }
    }
    for (let j = 0; j < H; j += 2) {
      let acc = f64x2.splat(0);
      for (let u = 0; u < H; u++) acc = f64x2.add(acc, f64x2.mul(v128.load(W2T + ((<usize>(u * H + j)) << 3)), f64x2.splat(load<f64>(dh2 + ((<usize>u) << 3)))));
      const a0 = load<f64>(o1 + ((<usize>j) << 3));
      const a1 = load<f64>(o1 + ((<usize>(j + 1)) << 3));
      store<f64>(dh1 + ((<usize>j) << 3), a0 > 0 ? f64x2.extract_lane(acc, 0) : 0);
      store<f64>(dh1 + ((<usize>(j + 1)) << 3), a1 > 0 ? f64x2.extract_lane(acc, 1) : 0);
    }
    for (let u = 0; u < H; u += 2) {
      const ub = (<usize>u) << 3;
      v128.store(gb1 + ub, f64x2.add(v128.load(gb1 + ub), v128.load(dh1 + ub)));
    }
    const ri = raw + ((<usize>(i * nraw)) << 3);
    for (let j = 0; j < nraw; j++) {
      const jb = (<usize>j) << 3;
      store<f64>(f + jb, (load<f64>(ri + jb) - load<f64>(mean + jb)) / load<f64>(sd + jb));
    }
    // W1: thGrad rows += f_j·dh1 (every feature); fadj_j = Σ_u W1[j, u]·dh1_u (raw features only)
    for (let j = 0; j < nfeat; j++) {
      const vf = f64x2.splat(load<f64>(f + ((<usize>j) << 3)));
      const row = gW1 + ((<usize>(j * H)) << 3);
      for (let u = 0; u < H; u += 2) {
        const ub = (<usize>u) << 3;
        v128.store(row + ub, f64x2.add(v128.load(row + ub), f64x2.mul(vf, v128.load(dh1 + ub))));
      }
    }
    const fa = fadj + ((<usize>(i * nraw)) << 3);
    let j = 0;
    for (; j + 1 < nraw; j += 2) {
      let acc = f64x2.splat(0);
      for (let u = 0; u < H; u++) acc = f64x2.add(acc, f64x2.mul(v128.load(W1T + ((<usize>(u * 32 + j)) << 3)), f64x2.splat(load<f64>(dh1 + ((<usize>u) << 3)))));
      v128.store(fa + ((<usize>j) << 3), acc);
    }
    for (; j < nraw; j++) {
      let acc: f64 = 0;
      for (let u = 0; u < H; u++) acc += load<f64>(W1T + ((<usize>(u * 32 + j)) << 3)) * load<f64>(dh1 + ((<usize>u) << 3));
      store<f64>(fa + ((<usize>j) << 3), acc);
    }
  }
}
