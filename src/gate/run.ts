import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';
import { baselineOf, compareBaselines, parseBaseline, type GateBaseline } from './baseline.js';
import { writeFileAtomic } from '../io/output.js';
import type { FoundBy, Verdict } from '../claims/types.js';

/** The audit the gate runs: the built-in case on a grid that keeps the gate within CI's budget. */
export const GATE_AUDIT = { t: [1, 10, 100, 1000, 10000], tfjsMaxT: 1000, tapeTMax: 100 } as const;

/** Largest baseline file the gate reads (the committed one is a few kB). */
export const MAX_BASELINE_BYTES = 16 * 1024 * 1024;

/** A claim's verdict computed elsewhere in the same run (what the gate compares of it). */
export interface RecordedVerdict {
  id: string;
  status: Verdict;
  foundBy?: FoundBy;
}

export interface GateOptions {
  baseline: string;
  update?: boolean;
  log?: (l: string) => void;
  /**
   * Once aborted (Ctrl-C), the gate stops: the claims running are stopped, nothing is compared and
   * nothing is written. The result then has `interrupted: true` and code 130.
   */
  signal?: AbortSignal;
  /** Ledger worker threads (default: every core, at most 8). */
  workers?: number;
  /**
   * Verdicts already computed in this process's test run with the gate's seed and runs scale (the
   * claim suites of `npm test` record theirs: src/vitest/recorded.ts). Those claims are not run
   * again; every claim without one is. Not used by --update, which always runs the whole ledger.
   */
  recorded?: (seed: number) => ReadonlyMap<string, RecordedVerdict>;
}

export interface GateResult {
  /** 0 pass (or written), 1 fail, 130 interrupted. */
  code: number;
  /** For stdout: the verdict of the gate and its diff. */
  text: string;
  /** For stderr: what happened when the run was interrupted. */
  message?: string;
  interrupted: boolean;
}

function readBaseline(path: string): GateBaseline {
  if (!existsSync(path)) throw new InputError('--baseline', `no baseline at "${path}"; create one with --update`);
  const st = statSync(path);
  if (!st.isFile()) throw new InputError('--baseline', `"${path}" is not a regular file`);
  if (st.size > MAX_BASELINE_BYTES) throw new InputError('--baseline', `"${path}" is larger than ${MAX_BASELINE_BYTES} bytes; not a gate baseline`);
  return parseBaseline(readFileSync(path, 'utf8'), path);
}

/**
 * Run the ledger and the audit with fixed seeds and compare them with the baseline, or (update)
 * write them as the new baseline. The new baseline is written only after the whole run finished,
 * to a temporary file renamed over the old one: an interrupted run leaves the old file as it was.
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const { baseline: path, update = false, log = () => {}, signal, workers } = options;
  let previous: GateBaseline | undefined;
  if (!update) previous = readBaseline(path);
  else if (!existsSync(dirname(path) || '.')) throw new InputError('--baseline', `the directory of "${path}" does not exist`);
  else if (existsSync(path) && !statSync(path).isFile()) throw new InputError('--baseline', `"${path}" is not a regular file`);
  const interruptedResult = (after: string): GateResult => ({
    code: 130,
    text: '',
    interrupted: true,
    message: update
      ? `gate: interrupted ${after}; nothing written, ${existsSync(path) ? `the baseline "${path}" is left untouched` : `no baseline created at "${path}"`}`
      : `gate: interrupted ${after}; nothing compared (the claims not run are not missing, only not run)`,
  });
  const [{ allClaims, REGISTRY_MODULE }, { runLedger, DEFAULT_LEDGER_SEED }, { runAudit }] = await Promise.all([
    import('../claims/registry.js'),
    import('../claims/ledger.js'),
    import('../audit/index.js'),
  ]);
  if (signal?.aborted) return interruptedResult('before the ledger started');
  const seed = previous?.ledgerSeed ?? DEFAULT_LEDGER_SEED;
  const all = allClaims();
  const recorded = !update && options.recorded ? options.recorded(seed) : new Map<string, RecordedVerdict>();
  const toRun = all.filter((c) => !recorded.has(c.id));
  log(`gate: running the claims ledger (fixed seed ${seed})${recorded.size ? `: ${all.length - toRun.length} verdicts recorded by this run's claim suites, ${toRun.length} to run` : ''}`);
  let done = 0;
  const ledger = toRun.length === 0 ? { claims: [], interrupted: false, summary: { total: 0 } } : await runLedger(toRun, {
    seed,
    registryModule: REGISTRY_MODULE,
    ...(workers !== undefined ? { workers } : {}),
    progress: false,
    // the gate keeps no partial ledger: Ctrl-C stops the running claims too
    handleSigint: false,
    ...(signal ? { signal, stopNow: signal } : {}),
    onResult: (r, _i, n) => log(`gate: claim ${++done}/${n} ${r.id}: ${r.status}`),
  });
  if (ledger.interrupted || signal?.aborted) return interruptedResult(`after ${ledger.claims.length} of ${ledger.summary.total} claims`);
  log('gate: running the audit of the built-in case');
  const audit = await runAudit({ ...GATE_AUDIT, t: [...GATE_AUDIT.t] });
  if (signal?.aborted) return interruptedResult('during the audit');
  const fromRun = new Map(ledger.claims.map((c) => [c.id, c] as const));
  const claims = all.flatMap((c) => {
    const r = fromRun.get(c.id) ?? recorded.get(c.id);
    return r ? [{ id: c.id, status: r.status, ...(r.foundBy ? { foundBy: r.foundBy } : {}) }] : [];
  });
  const current = baselineOf({ seed, claims }, audit);
  if (update) {
    writeFileAtomic(path, `${JSON.stringify(current, null, 2)}\n`);
    return {
      code: 0,
      interrupted: false,
      text: `gate: wrote ${path} (${Object.keys(current.verdicts).length} verdicts, ${Object.keys(current.foundBy ?? {}).length} findings with foundBy, ${Object.keys(current.digits).length} audited digit counts)\n`,
    };
  }
  const diff = compareBaselines(previous as GateBaseline, current);
  const lines = [
    diff.ok ? `gate: PASS against ${path}` : `gate: FAIL against ${path}: ${diff.failures.length} change(s) that the gate does not allow`,
    ...diff.failures.map((f) => `  - ${f}`),
    ...(diff.notes.length ? ['  notes:', ...diff.notes.slice(0, 40).map((n) => `    ${n}`), ...(diff.notes.length > 40 ? [`    … ${diff.notes.length - 40} more`] : [])] : []),
  ];
  return { code: diff.ok ? 0 : 1, interrupted: false, text: `${lines.join('\n')}\n` };
}
