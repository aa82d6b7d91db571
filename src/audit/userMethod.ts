import { existsSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';

/**
 * A user's meta-gradient: G'(η) for G(η) = ln f(w_{t,η}) / t, f(w) = ½wᵀHw, w_{k+1} = w_k − ηHw_k.
 * H is symmetric positive definite (d×d, doubles), w₀ has length d, t ≥ 1 an integer.
 * It may return a number or a promise of one.
 */
export type MetaGradientFn = (eta: number, H: number[][], w0: number[], t: number) => number | Promise<number>;

/** What one call gave. */
export interface UserCall {
  status: 'ok' | 'error' | 'notNumber' | 'timeout' | 'skipped';
  value?: number;
  message?: string;
}

export interface UserRunner {
  readonly id: string;
  call(eta: number, H: number[][], w0: number[], t: number): Promise<UserCall>;
  close(): Promise<void>;
}

export interface UserRunnerOptions {
  /** Per call, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** After this many timeouts the remaining calls are not made and reported `skipped` (default 3). */
  maxTimeouts?: number;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v} (${String(v)})`;
}

/**
 * Runs a function in this thread. A returned promise that never settles is cut off by the timeout,
 * but a synchronous infinite loop cannot be interrupted in-process: give a module path (run in a
 * worker thread, which is terminated on timeout) for code that might hang.
 */
export function functionRunner(fn: MetaGradientFn, name: string, options: UserRunnerOptions = {}): UserRunner {
  const { timeoutMs = 10_000, maxTimeouts = 3 } = options;
  let timeouts = 0;
  return {
    id: `fn:${name}`,
    async call(eta, H, w0, t) {
      if (timeouts >= maxTimeouts) return { status: 'skipped', message: `not run: ${timeouts} earlier calls timed out` };
      let timer: NodeJS.Timeout | undefined;
      try {
        const out = await Promise.race([
          Promise.resolve().then(() => fn(eta, H.map((r) => r.slice()), w0.slice(), t)),
          new Promise<symbol>((res) => {
            timer = setTimeout(() => res(TIMEOUT), timeoutMs);
          }),
        ]);
        if (out === TIMEOUT) {
          timeouts++;
          return { status: 'timeout', message: `no answer within ${timeoutMs} ms` };
        }
        if (typeof out !== 'number') return { status: 'notNumber', message: `returned ${describe(out)}, not a number` };
        return { status: 'ok', value: out };
      } catch (e) {
        return { status: 'error', message: `threw: ${oneLine(e)}` };
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {},
  };
}

const TIMEOUT = Symbol('timeout');

function oneLine(e: unknown): string {
  const s = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return s.split('\n')[0].slice(0, 200);
}

// The worker is plain CommonJS (eval), so it runs the same under node, tsx and vitest.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let modP;
const load = () => (modP ??= import(workerData.url));
const pick = (m) => (typeof m.metaGradient === 'function' ? m.metaGradient : typeof m.default === 'function' ? m.default : undefined);
const describe = (v) => typeof v === 'string' ? 'the string ' + JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)
  : v === null ? 'null' : Array.isArray(v) ? 'an array of length ' + v.length : typeof v === 'object' ? 'an object' : 'a ' + typeof v + ' (' + String(v) + ')';
const oneLine = (e) => String(e instanceof Error ? e.name + ': ' + e.message : e).split('\\n')[0].slice(0, 200);
parentPort.on('message', async (msg) => {
  if (msg.type === 'probe') {
    try {
      const m = await load();
      parentPort.postMessage({ type: 'probe', ok: Boolean(pick(m)), exports: Object.keys(m) });
    } catch (e) {
      parentPort.postMessage({ type: 'probe', ok: false, error: oneLine(e) });
    }
    return;
  }
  try {
    const f = pick(await load());
    const v = await f(msg.eta, msg.H, msg.w0, msg.t);
    if (typeof v !== 'number') parentPort.postMessage({ type: 'result', status: 'notNumber', message: 'returned ' + describe(v) + ', not a number' });
    else parentPort.postMessage({ type: 'result', status: 'ok', value: v });
  } catch (e) {
    parentPort.postMessage({ type: 'result', status: 'error', message: 'threw: ' + oneLine(e) });
  }
});
`;

interface Pending {
  resolve: (r: UserCall) => void;
  timer: NodeJS.Timeout;
}

/**
 * Loads a user's ES module (`.mjs`, or `.js` under a package.json with "type": "module") exporting
 * `metaGradient` or a default function, in a worker thread. Each call has a timeout; on timeout
 * the worker is terminated (which stops even a synchronous infinite loop) and a fresh one is
 * started for the next call. A missing file, a module that cannot be imported, or one without
 * the export is an InputError (exit 2 in the CLI).
 */
export async function moduleRunner(path: string, options: UserRunnerOptions = {}): Promise<UserRunner> {
  const { timeoutMs = 10_000, maxTimeouts = 3 } = options;
  const abs = resolve(path);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new InputError('--module', `cannot find "${path}"; give the path of an ES module exporting metaGradient(eta, H, w0, t)`);
  const url = pathToFileURL(abs).href;
  const id = `module:${basename(abs, extname(abs))}`;
  let worker: Worker | undefined;
  let pending: Pending | undefined;
  let timeouts = 0;

  const settle = (r: UserCall) => {
    const p = pending;
    pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.resolve(r);
    }
  };
  const spawn = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { url }, stdout: true, stderr: true });
    // the user's console output must not reach our stdout (--json): drain it
    w.stdout.resume();
    w.stderr.resume();
    w.on('message', (m: { type: string; status?: UserCall['status']; value?: number; message?: string }) => {
      if (m.type === 'result') settle({ status: m.status ?? 'error', value: m.value, message: m.message });
    });
    // only the current worker may settle a call: a terminated one's late events are ignored
    w.on('error', (e) => {
      if (worker === w) settle({ status: 'error', message: `the worker failed: ${oneLine(e)}` });
    });
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = undefined;
      settle({ status: 'error', message: `the module ended its thread (exit code ${code})` });
    });
    return w;
  };
  const request = (msg: object, ms: number): Promise<UserCall | { probe: { ok: boolean; exports?: string[]; error?: string } } | 'timeout'> =>
    new Promise((res) => {
      worker ??= spawn();
      const w = worker;
      if ((msg as { type: string }).type === 'probe') {
        const timer = setTimeout(() => res('timeout'), ms);
        const onMsg = (m: { type: string; ok: boolean; exports?: string[]; error?: string }) => {
          if (m.type !== 'probe') return;
          clearTimeout(timer);
          w.off('message', onMsg);
          res({ probe: m });
        };
        w.on('message', onMsg);
        w.postMessage(msg);
        return;
      }
      pending = {
        resolve: res,
        timer: setTimeout(() => {
          pending = undefined;
          res('timeout');
        }, ms),
      };
      w.postMessage(msg);
    });
  const kill = async () => {
    const w = worker;
    worker = undefined;
    if (w) await w.terminate();
  };

  const probe = await request({ type: 'probe' }, Math.max(timeoutMs, 5000));
  if (probe === 'timeout') {
    await kill();
    throw new InputError('--module', `importing "${path}" did not finish within ${Math.max(timeoutMs, 5000)} ms; make the module's top level return`);
  }
  if ('probe' in probe && !probe.probe.ok) {
    await kill();
    if (probe.probe.error) throw new InputError('--module', `cannot import "${path}" (${probe.probe.error}); give an ES module (.mjs, or .js under "type": "module")`);
    throw new InputError('--module', `"${path}" exports neither metaGradient nor a default function (it exports: ${(probe.probe.exports ?? []).join(', ') || 'nothing'}); add \`export function metaGradient(eta, H, w0, t)\``);
  }

  return {
    id,
    async call(eta, H, w0, t) {
      if (timeouts >= maxTimeouts) return { status: 'skipped', message: `not run: ${timeouts} earlier calls timed out` };
      const r = await request({ type: 'call', eta, H, w0, t }, timeoutMs);
      if (r === 'timeout') {
        timeouts++;
        await kill();
        return { status: 'timeout', message: `no answer within ${timeoutMs} ms (worker terminated)` };
      }
      return r as UserCall;
    },
    close: kill,
  };
}
