import { MIN_NORMAL_32, MIN_NORMAL_64 } from '../arith/float.js';

/**
 * G′(η) by backpropagation through t unrolled GD steps in float64 or float32 **strict** mode (a result
 * that leaves the normal range becomes NaN), on flat arrays: the same operations, in the same order,
 * with the same rounding and the same range guard as the generic tape `backprop` in
 * `float64('strict')` / `float32('strict')` (autodiff/tape.ts: matVec, axmy, dot, lnOver; G's backward
 * pass only). Spec: spec/backpropStrict.spec.ts (identical NaN pattern and value on random cases,
 * overflow and underflow included). Used where the breakdown t of Corollary 1 is searched over a grid
 * of t up to 4096, about ten times faster than the generic tape.
 */
export function strictBackpropDG(H: readonly (readonly number[])[], w0: readonly number[], eta: number, t: number, format: 'float64' | 'float32'): number {
  const round = format === 'float32' ? Math.fround : (x: number) => x;
  const minNormal = format === 'float32' ? MIN_NORMAL_32 : MIN_NORMAL_64;
  // float.ts's strict guard: an out-of-range result of finite operands is NaN; a product or quotient
  // of non-zero finite operands that rounds to 0 is an underflow, hence NaN as well
  const guard = (r: number, a: number, b: number, zeroIsUnderflow: boolean): number => {
    if (r === 0) return zeroIsUnderflow && a !== 0 && b !== 0 && Number.isFinite(a) && Number.isFinite(b) ? NaN : r;
    if (Number.isFinite(r)) return Math.abs(r) < minNormal ? NaN : r;
    return Number.isFinite(a) && Number.isFinite(b) ? NaN : r;
  };
  const add = (a: number, b: number) => guard(round(a + b), a, b, false);
  const sub = (a: number, b: number) => guard(round(a - b), a, b, false);
  const mul = (a: number, b: number) => guard(round(a * b), a, b, true);
  const div = (a: number, b: number) => guard(round(a / b), a, b === 0 ? 1 : b, true);
  const d = w0.length;
  const Hf = Float64Array.from(H.flat());
  // w_k and g_k = H w_k for k = 0..t, flat (row k at k·d)
  const ws = new Float64Array((t + 1) * d);
  const gs = new Float64Array((t + 1) * d);
  for (let i = 0; i < d; i++) ws[i] = w0[i];
  for (let k = 0; k <= t; k++) {
    const o = k * d;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s = add(s, mul(Hf[i * d + j], ws[o + j]));
      gs[o + i] = s;
    }
    if (k === t) break;
    for (let i = 0; i < d; i++) ws[o + d + i] = sub(ws[o + i], mul(eta, gs[o + i]));
  }
  const ot = t * d;
  // G's backward pass: lnOver (F̄ = 1/(tF)), then dot (k = ½)
  let s = 0;
  for (let i = 0; i < d; i++) s = add(s, mul(ws[ot + i], gs[ot + i]));
  const F = mul(round(0.5), s);
  const aF = div(1, mul(round(t), F));
  const c = mul(round(0.5), aF);
  const aw = new Float64Array(d);
  const ay = new Float64Array(d);
  const xa = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    aw[i] = mul(c, gs[ot + i]);
    ay[i] = mul(c, ws[ot + i]);
  }
  addHtx();
  let aEta = 0;
  let first = true;
  for (let k = t - 1; k >= 0; k--) {
    // axmy: w̄_k = w̄_{k+1}; ḡ_k = −η w̄_{k+1}; η̄ += −⟨g_k, w̄_{k+1}⟩; then matVec: w̄_k += Hᵀḡ_k
    const o = k * d;
    let dot = 0;
    for (let i = 0; i < d; i++) {
      ay[i] = -mul(eta, aw[i]);
      dot = add(dot, mul(gs[o + i], aw[i]));
    }
    aEta = first ? -dot : add(aEta, -dot);
    first = false;
    addHtx();
  }
  return aEta;

  /** aw += Hᵀ·ay, accumulated as Tape.matVec's vjp does (i outer, j inner, into zeros), then added. */
  function addHtx(): void {
    xa.fill(0);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) xa[j] = add(xa[j], mul(Hf[i * d + j], ay[i]));
    for (let j = 0; j < d; j++) aw[j] = add(aw[j], xa[j]);
  }
}
