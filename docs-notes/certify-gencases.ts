// Writes the eight measurement cases of docs-notes/certify.md to /tmp/certify-cases (not part of the build).
// Usage: npx tsx docs-notes/certify-gencases.ts; then npx l2l-verify certify --input <case> --json > <case>.cert.json
import { writeFileSync, mkdirSync } from 'node:fs';
import { Rng } from '../src/random/rng.js';
// Cases not in the repository: H = Q diag(λ) Qᵀ (Haar Q, float64), log-uniform spectrum of condition κ,
// near-equal extreme pairs (relative gap `near`), w0 uniform on the sphere or with a tiny extreme coefficient.
function make(seed: number, d: number, kappa: number, t: number, near: number, tinyC: number) {
  const rng = Rng.fromSeed(seed);
  const Q = rng.haarOrthogonal(d);
  const lam = Array.from({ length: d }, (_, i) => (i === 0 ? 1 : i === d - 1 ? 1 / kappa : kappa ** -rng.nextFloat()));
  lam.sort((a, b) => b - a);
  if (near) { lam[1] = 1 - near; lam[d - 2] = (1 / kappa) * (1 + near); }
  const H = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => Q[i].reduce((s, q, k) => s + q * lam[k] * Q[j][k], 0)));
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) H[i][j] = H[j][i];
  const c = rng.unitSphere(d);
  if (tinyC) { c[d - 1] = tinyC; const n = Math.hypot(...c); for (let i = 0; i < d; i++) c[i] /= n; }
  const w0 = Array.from({ length: d }, (_, i) => c.reduce((s, ck, k) => s + ck * Q[i][k], 0));
  return { H, w0, t };
}
const specs: [string, number, number, number, number, number, number][] = [
  ['d60-k1e6-t3000-near1e-10', 101, 60, 1e6, 3000, 1e-10, 0],
  ['d60-k1e6-t3000-near1e-14', 102, 60, 1e6, 3000, 1e-14, 0],
  ['d60-k1e6-t3000-tinycd', 103, 60, 1e6, 3000, 1e-9, 1e-7],
  ['d60-k10-t3000', 104, 60, 10, 3000, 0, 0],
  ['d40-k1e5-t1000-near1e-8', 105, 40, 1e5, 1000, 1e-8, 0],
  ['d20-k1e3-t3000-near1e-12', 106, 20, 1e3, 3000, 1e-12, 0],
  ['d10-k1e6-t3000-near1e-13-tinycd', 107, 10, 1e6, 3000, 1e-13, 1e-9],
  ['d60-k1e6-t100', 108, 60, 1e6, 100, 0, 0],
];
mkdirSync('/tmp/certify-cases', { recursive: true });
for (const [name, ...a] of specs) writeFileSync(`/tmp/certify-cases/${name}.json`, JSON.stringify(make(...(a as [number, number, number, number, number, number]))));
console.log(specs.map((s) => s[0]).join('\n'));
