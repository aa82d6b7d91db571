// Measurement script for docs-notes/certify.md (not part of the build): CPU per stage, in process.
// Usage: npx tsx docs-notes/certify-cpu.ts /tmp/certify-cases/<case>.json
import { readFileSync, readdirSync } from 'node:fs';
import { readExactJson } from '../src/io/json.js';
import { parseQuadraticCase } from '../src/quadratic/input.js';
import { encloseEigen } from '../src/certify/eigen.js';
import { Prover } from '../src/certify/prove.js';
import { Decimal } from 'decimal.js';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const files = process.argv.slice(2);
for (const f of files) {
  const c = parseQuadraticCase(readExactJson(f), { requireEta: false });
  const out: string[] = [];
  let P = 30;
  let c0 = cpu();
  const E = encloseEigen(c.H, c.w0, P, { t: c.t });
  out.push(`eigen ${(cpu() - c0).toFixed(2)}`);
  const p = new Prover(E, c.t);
  const D = p.D;
  const eps = new D.Lo(1).div(D.up(E.L.hi).times(2)).toSignificantDigits(20);
  const mhat = new D.Hi(2).div(E.alpha.lo).toSignificantDigits(20);
  const jobs: [string, () => any][] = [['claim1', () => p.claim1()], ['claim2', () => p.claim2()], ['claim3', () => p.claim3(new Decimal(eps), new Decimal(mhat))], ['thm3.upper', () => p.thm3Upper()], ['thm3.lower', () => p.thm3Lower()], ['sup', () => p.supAbsDG(0.01)]];
  for (const [n, j] of jobs) { c0 = cpu(); const r = j(); out.push(`${n} ${(cpu() - c0).toFixed(2)}${r.verdict && r.verdict !== 'proved' ? '(' + r.verdict + ')' : ''}`); }
  console.log(f.split('/').pop(), `d=${c.H.length} t=${c.t}`, out.join(', '));
}
