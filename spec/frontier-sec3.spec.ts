import { describe, expect, it } from 'vitest';
import { allClaims } from '../src/claims/registry.js';
import type { ClaimDefinition, FrontierPoint } from '../src/claims/types.js';

/**
 * The frontier maps of the `witnessed` claims of wang2021 Section 3 and harrison2022 Section 4 / Figure 1
 * (issue 8 item 3's rule): each is reachable from the registry, returns well-formed points at 'quick',
 * decides every named consequence somewhere on its grid (a map whose column is all null says nothing),
 * and is deterministic (the report and `claims --frontier` must print the same map twice).
 */
const IDS: Record<string, string[]> = {
  'wang2021.thm3.explode-vanish': ['direction', 'bandAtT', 'within10pct', 'regimeAtT', 'check'],
  'wang2021.cor1.backprop-intermediates': ['slopeF', 'slopeDGdF', 'slopeW', 'tapeMaxInEnvelope', 'tapeMinFalls', 'float64Break'],
  'harrison2022.fig1d.combined': ['combined', 'withoutPreconditioner', 'withoutNominal'],
  'harrison2022.eq19.adversarial-cancellation': ['witness'],
};

const byId = new Map(allClaims().map((c) => [c.id, c] as [string, ClaimDefinition<any>]));

function wellFormed(points: FrontierPoint[], names: string[]) {
  expect(points.length).toBeGreaterThan(0);
  const atKeys = Object.keys(points[0].at).sort();
  for (const p of points) {
    // every point names the same open quantities, each a finite number
    expect(Object.keys(p.at).sort()).toEqual(atKeys);
    for (const v of Object.values(p.at)) expect(Number.isFinite(v)).toBe(true);
    // every point decides (or leaves open) exactly the named consequences
    expect(Object.keys(p.holds).sort()).toEqual([...names].sort());
    for (const v of Object.values(p.holds)) expect(v === true || v === false || v === null).toBe(true);
    for (const v of Object.values(p.values ?? {})) expect(typeof v).toBe('number');
  }
  // no two points at the same place on the grid
  expect(new Set(points.map((p) => JSON.stringify(p.at))).size).toBe(points.length);
}

describe('frontier maps of the witnessed Section 3 and harrison2022 claims', () => {
  it('every witnessed claim of these families has a frontier, and no control inherits one', () => {
    const fams = [...byId.values()].filter((c) => /^(wang2021\.(thm3|thm4|claim|cor1)|harrison2022\.(eq|lemma|sec4|fig1))/.test(c.id));
    for (const c of fams) {
      if (c.kind === 'witnessed') expect(IDS[c.id], `${c.id} is witnessed but has no mapped consequences here`).toBeDefined();
      if (c.control) expect(c.frontier, `${c.id}`).toBeUndefined();
    }
    for (const id of Object.keys(IDS)) {
      expect(byId.get(id)?.kind).toBe('witnessed');
      expect(typeof byId.get(id)?.frontier).toBe('function');
    }
  });

  for (const [id, names] of Object.entries(IDS)) {
    it(`${id}: well-formed at 'quick', each consequence decided somewhere, deterministic`, async () => {
      const claim = byId.get(id)!;
      const first = await claim.frontier!('quick');
      wellFormed(first, names);
      for (const n of names) expect(first.some((p) => p.holds[n] !== null), `${id}: ${n} never decided`).toBe(true);
      const second = await claim.frontier!('quick');
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    });
  }

  it('the maps show the statement failing where it does, not only holding', async () => {
    // explode-vanish at the raw t (before the regime raise): the ln 6/t band fails at κ = 1e4, ηL = 1.9,
    // t = 100 (measured 1.64 bands off), and the slope has the wrong sign at t = 1 (ηL = 0.1)
    const ev = await byId.get('wang2021.thm3.explode-vanish')!.frontier!('quick');
    const at = (p: FrontierPoint, o: Record<string, number>) => Object.entries(o).every(([k, v]) => p.at[k] === v);
    const p = ev.find((x) => at(x, { kappa: 1e4, etaL: 1.9, t: 100, cExt: 1 / Math.sqrt(3) }))!;
    expect(p.holds.bandAtT).toBe(false);
    expect(p.values!.bandRatio).toBeGreaterThan(1);
    expect(ev.find((x) => at(x, { kappa: 10, etaL: 0.1, t: 1, cExt: 1 / Math.sqrt(3) }))!.holds.direction).toBe(false);
    // fig1d: with no weight decay (J = 0) some drawn P has no stabilising combination
    const fd = await byId.get('harrison2022.fig1d.combined')!.frontier!('quick');
    expect(fd.some((x) => x.at.J === 0 && x.holds.combined === false)).toBe(true);
    // eq19: with P* = 0 and d̄ = 1/2 no admissible ε is a witness (the finding's family)
    const eq = await byId.get('harrison2022.eq19.adversarial-cancellation')!.frontier!('quick');
    expect(eq.filter((x) => x.at.pstarZero === 1 && x.at.dbarTimes4 === 2).every((x) => x.holds.witness === false)).toBe(true);
  });
});
