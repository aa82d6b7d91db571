/**
 * Goodness-of-fit tests for the random-number and sufficient-statistics specs. Written here, apart
 * from src/, so that a check does not reuse the code it checks.
 *
 * Critical values are asymptotic Kolmogorov ones: P(√n·D > c) → 2Σ(−1)^{k−1}e^{−2k²c²}, which is
 * 1e-3 at c = 1.9495 (accurate to a few per cent for n ≥ 100). A test at level α raises a false
 * alarm with probability α for a sampler that is exactly right, whatever the seed; the specs fix
 * their seeds, so each verdict is reproducible, and state α.
 */
export const KS_CRITICAL_1E3 = 1.9495;

/** Kolmogorov's limiting tail P(K > c). */
export function kolmogorovTail(c: number): number {
  let s = 0;
  for (let k = 1; k <= 100; k++) s += (k % 2 ? 2 : -2) * Math.exp(-2 * k * k * c * c);
  return Math.min(1, Math.max(0, s));
}

/** √n · sup |F_n − F| for a sample against a continuous CDF. */
export function ksOneSample(xs: ArrayLike<number>, cdf: (x: number) => number): number {
  const s = Float64Array.from(xs).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return Math.sqrt(n) * d;
}

/** √(nm/(n+m)) · sup |F_n − G_m| for two samples. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i], y[j]);
    while (i < n && x[i] <= v) i++;
    while (j < m && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return Math.sqrt((n * m) / (n + m)) * d;
}

/**
 * erfc(x) by W. J. Cody's rational approximations (1969), relative error below 1e-15 on the
 * whole line: far below what a KS test with n ≤ 10⁶ can see.
 */
export function erfc(x: number): number {
  const ax = Math.abs(x);
  let r: number;
  if (ax < 0.5) {
    const t = ax * ax;
    const num = ((((1.857777061846031526730e-1 * t + 3.161123743870565596947) * t + 1.138641541510501556495e2) * t + 3.774852376853020208137e2) * t + 3.209377589138469472562e3);
    const den = ((((t + 2.360129095234412093499e1) * t + 2.440246379344441733056e2) * t + 1.282616526077372275645e3) * t + 2.844236833439170622273e3);
    r = 1 - (ax * num) / den;
  } else if (ax < 4) {
    const p = [5.64188496988670089180e-1, 8.88314979438837594118, 6.61191906371416294775e1, 2.98635138197400131132e2, 8.81952221241769090411e2, 1.71204761263407058314e3, 2.05107837782607146532e3, 1.23033935479799725272e3, 2.15311535474403846343e-8];
    const q = [1.57449261107098347253e1, 1.17693950891312499305e2, 5.37181101862009857509e2, 1.62138957456669018874e3, 3.29079923573345962678e3, 4.36261909014324715820e3, 3.43936767414372163696e3, 1.23033935480374942043e3];
    let num = p[8] * ax;
    let den = ax;
    for (let i = 0; i < 7; i++) {
      num = (num + p[i]) * ax;
      den = (den + q[i]) * ax;
    }
    r = (Math.exp(-ax * ax) * (num + p[7])) / (den + q[7]);
  } else {
    const p = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    const q = [2.56852019228982242, 1.87295284992346725, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];
    const t = 1 / (ax * ax);
    let num = p[5] * t;
    let den = t;
    for (let i = 0; i < 4; i++) {
      num = (num + p[i]) * t;
      den = (den + q[i]) * t;
    }
    r = (t * (num + p[4])) / (den + q[4]);
    r = (0.5641895835477563 - r) / ax;
    r *= Math.exp(-ax * ax);
  }
  return x < 0 ? 2 - r : r;
}

/** Φ(x), the standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
