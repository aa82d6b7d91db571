/**
 * Timings of the precision audit (never asserted in tests): `npx tsx bench/audit.ts [d]`.
 * The default case with and without the TF.js column, and one seeded Wishart case of dimension d
 * (default 20, the paper's size) with the float methods and the decimal tape.
 */
import { runAudit } from '../src/audit/run.js';
import { wishartCase } from '../src/audit/cases.js';

async function time(label: string, f: () => Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  await f();
  process.stdout.write(`${label.padEnd(60)} ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

const d = Number(process.argv[2] ?? 20);
await time('default case, all methods, TF.js t <= 3000, tape t <= 300', () => runAudit());
await time('default case, no TF.js, no tape', () => runAudit({ methods: ['closedForm64', 'stable64', 'backprop64', 'forward64', 'backprop32'], tape: false }));
await time('default case, TF.js only', () => runAudit({ methods: ['tfjs32'], tape: false }));
await time(`wishart d = ${d}, float methods, no tape`, () => runAudit({ cases: [wishartCase({ seed: 1, index: 0, d })], methods: ['closedForm64', 'stable64', 'backprop64', 'forward64', 'backprop32'], tape: false }));
await time(`wishart d = ${d}, tape only (t <= 300)`, () => runAudit({ cases: [wishartCase({ seed: 1, index: 0, d })], methods: ['stable64'], t: [1, 3, 10, 30, 100, 300] }));
