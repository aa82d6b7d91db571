import { readFileSync } from 'node:fs';
import { decimalArith } from '../src/arith/decimal.js';
import { RefinedEigenSolver } from '../src/linalg/refine.js';
import { Quadratic } from '../src/quadratic/problem.js';
const file = process.argv[2]; const doJ = process.argv[3] === 'j';
const c = JSON.parse(readFileSync(file, 'utf8'));
const H: string[][] = c.H.map((r: number[]) => r.map(String)); const w0: string[] = c.w0.map(String);
const s = new RefinedEigenSolver(H, w0);
for (const P of [40, 80]) {
  const A = decimalArith(P);
  let t0 = performance.now();
  const r = s.spectrum(A, P)!;
  console.log('refined P', P, 'steps', r?.steps, ((performance.now() - t0) / 1000).toFixed(2), 's', r.lambda[0].toString(), r.c[0].toString());
  if (doJ) {
    t0 = performance.now();
    const q = Quadratic.fromText(A, H, w0).spectrum();
    console.log('jacobi  P', P, ((performance.now() - t0) / 1000).toFixed(2), 's', q.lambda[0].toString(), q.c[0].toString());
    let worstL = 0, worstC = 0;
    for (let i = 0; i < H.length; i++) {
      worstL = Math.max(worstL, q.lambda[i].minus(r.lambda[i]).abs().div(q.lambda[0]).toNumber());
      worstC = Math.max(worstC, q.c[i].abs().minus(r.c[i].abs()).abs().toNumber());
    }
    console.log('  max rel diff lambda', worstL, 'max |c| diff', worstC);
  }
}
