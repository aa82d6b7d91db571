import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { baselineOf, compareBaselines, type GateBaseline } from './baseline.js';
import { writeFileAtomic } from '../io/output.js';

/** The audit the gate runs: the built-in case on a grid that keeps the gate within CI's budget. */
export const GATE_AUDIT = { t: [1, 10, 100, 1000, 10000], tfjsMaxT: 1000, tapeTMax: 100 } as const;

export async function runGate(options: { baseline: string; update?: boolean; log?: (l: string) => void }): Promise<{ code: number; text: string }> {
  const { baseline: path, update = false, log = () => {} } = options;
  let previous: GateBaseline | undefined;
  if (!update) {
    if (!existsSync(path)) throw new InputError('--baseline', `no baseline at "${path}"; create one with --update`);
    try {
      previous = JSON.parse(readFileSync(path, 'utf8')) as GateBaseline;
    } catch (e) {
      throw new InputError('--baseline', `"${path}" is not valid JSON (${(e as Error).message}); regenerate it with --update`);
    }
    if (previous?.tool !== 'l2l-verify gate' || typeof previous.verdicts !== 'object' || typeof previous.digits !== 'object') {
      throw new InputError('--baseline', `"${path}" is not a gate baseline; regenerate it with --update`);
    }
  }
  const [{ allClaims }, { runLedger }, { runAudit }] = await Promise.all([import('../claims/registry.js'), import('../claims/ledger.js'), import('../audit/index.js')]);
  log('gate: running the claims ledger (fixed seed)');
  const ledger = await runLedger(allClaims(), { seed: previous?.ledgerSeed, onResult: (r, i, n) => log(`gate: claim ${i + 1}/${n} ${r.id}: ${r.status}`) });
  log('gate: running the audit of the built-in case');
  const audit = await runAudit({ ...GATE_AUDIT, t: [...GATE_AUDIT.t] });
  const current = baselineOf(ledger, audit);
  if (update) {
    writeFileAtomic(path, `${JSON.stringify(current, null, 2)}\n`);
    return { code: 0, text: `gate: wrote ${path} (${Object.keys(current.verdicts).length} verdicts, ${Object.keys(current.digits).length} audited digit counts)\n` };
  }
  const diff = compareBaselines(previous as GateBaseline, current);
  const lines = [
    diff.ok ? `gate: PASS against ${path}` : `gate: FAIL against ${path}: ${diff.failures.length} change(s) that the gate does not allow`,
    ...diff.failures.map((f) => `  - ${f}`),
    ...(diff.notes.length ? ['  notes:', ...diff.notes.slice(0, 40).map((n) => `    ${n}`), ...(diff.notes.length > 40 ? [`    … ${diff.notes.length - 40} more`] : [])] : []),
  ];
  return { code: diff.ok ? 0 : 1, text: `${lines.join('\n')}\n` };
}
