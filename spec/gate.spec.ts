import { describe, expect, it } from 'vitest';
import { compareBaselines, type GateBaseline } from '../src/gate/baseline.js';

const base: GateBaseline = {
  tool: 'l2l-verify gate',
  version: 1,
  ledgerSeed: 20211,
  verdicts: { 'a.claim': 'held', 'a.claim.control-x': 'falsified' },
  digits: { 'case | stable64 | t=10 | eta=1/L': 15.2, 'case | backprop32 | t=10 | eta=1/L': 6.1 },
};

describe('gate comparison', () => {
  it('passes on identical results and on drops of at most one digit', () => {
    expect(compareBaselines(base, base).ok).toBe(true);
    const d = compareBaselines(base, { ...base, digits: { ...base.digits, 'case | stable64 | t=10 | eta=1/L': 14.2 } });
    expect(d.ok).toBe(true);
    expect(d.notes.join('\n')).toContain('15.2 -> 14.2');
  });
  it('fails, naming the point, on a deliberately worsened method (a drop of more than one digit)', () => {
    const d = compareBaselines(base, { ...base, digits: { ...base.digits, 'case | stable64 | t=10 | eta=1/L': 12 } });
    expect(d.ok).toBe(false);
    expect(d.failures).toEqual(['audit case | stable64 | t=10 | eta=1/L: 15.2 -> 12 digits (dropped 3.2)']);
  });
  it('fails on a changed verdict and on a vanished claim or point', () => {
    const d = compareBaselines(base, { ...base, verdicts: { 'a.claim': 'falsified' }, digits: { 'case | stable64 | t=10 | eta=1/L': 15.2 } });
    expect(d.ok).toBe(false);
    expect(d.failures).toEqual([
      'claim a.claim: verdict held -> falsified',
      'claim a.claim.control-x: was falsified, now missing',
      'audit case | backprop32 | t=10 | eta=1/L: was 6.1 digits, now not audited',
    ]);
  });
});
