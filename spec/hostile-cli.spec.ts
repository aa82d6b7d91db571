import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Hostile input for every command (issue 9): prototype keys, huge counts written out in digits,
 * device files, FIFOs, oversized files, bad output paths, stray positionals, unknown flags. Each
 * answer is exit 2 with one line on stderr naming the field (and its limit), nothing on stdout,
 * within seconds, and no file left behind. The CLI runs through tsx, as the other CLI specs do.
 */

const ROOT = join(import.meta.dirname, '..');
let dir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    // a hang (a FIFO read, a runaway size) fails the case instead of the whole run
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

interface Case {
  args: string[];
  /** What the one line must say (the field, and for limits the limit). */
  says: RegExp;
  env?: Record<string, string>;
  /** Paths that must not exist afterwards (bad --out targets, temporary files). */
  absent?: string[];
}

/** Runs the cases side by side and checks each: exit 2, one line, the field named, stdout empty. */
async function expectUsageErrors(cases: Case[]): Promise<void> {
  // four at a time: the machine is shared, and each process is a node with tsx
  const runs: Run[] = new Array(cases.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < cases.length) {
        const i = next++;
        runs[i] = await runCli(cases[i].args, cases[i].env);
      }
    }),
  );
  runs.forEach((r, i) => {
    const c = cases[i];
    const label = `l2l-verify ${c.args.join(' ')}`;
    const lines = r.stderr.trimEnd().split('\n');
    expect({ label, code: r.code, lines: lines.length, stdout: r.stdout }).toEqual({ label, code: 2, lines: 1, stdout: '' });
    expect(lines[0], label).toMatch(/^error: /);
    expect(lines[0], label).toMatch(c.says);
    expect(lines[0], label).not.toMatch(/\n|at .*\.ts:\d+|internal error/);
    for (const p of c.absent ?? []) expect(existsSync(p), `${label}: ${p} must not exist`).toBe(false);
  });
  // nothing half-written anywhere in the scratch directory
  const tmp = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));
  expect(tmp).toEqual([]);
}

const goodCase = { H: [[80, 0], [0, 1]], w0: [0.6, 0.8], t: 40, eta: [0.02] };

function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

let fifo: string;
let big: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'l2l-hostile-'));
  fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  big = join(dir, 'big.json');
  writeFileSync(big, '');
  truncateSync(big, 33 * 1024 * 1024); // sparse: 33 MiB of zeros, above MAX_INPUT_BYTES
  mkdirSync(join(dir, 'adir'));
  writeFileSync(join(dir, 'afile'), 'x');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = 180_000;

describe('hostile input: one line, exit 2, the field named', () => {
  it('eval', async () => {
    const proto = file('proto.json', '{"__proto__": {"t": 40}, "H": [[80, 0], [0, 1]], "w0": [0.6, 0.8], "eta": [0.02]}');
    const ctor = file('ctor.json', '{"H": [[80, 0], [0, 1]], "w0": [0.6, 0.8], "t": 40, "eta": [0.02], "x": [{"constructor": {}}]}');
    const prot = file('prototype.json', '{"H": [[80, 0], [0, 1]], "w0": [0.6, 0.8], "t": 40, "eta": [0.02], "prototype": 1}');
    const hugeT = file('hugeT.json', { ...goodCase, t: 1000000000 });
    const manyEta = file('manyEta.json', { ...goodCase, eta: Array.from({ length: 5000 }, () => 0.01) });
    const hugeD = file('hugeD.json', { ...goodCase, H: Array.from({ length: 600 }, () => [1]) });
    const over = file('over.json', { H: [[1e308, 1e308], [1e308, 1.0000001e308]], w0: [0.6, 0.8], t: 10, eta: [1e-309] });
    const good = file('good.json', goodCase);
    await expectUsageErrors([
      { args: ['eval', '--input', proto], says: /__proto__: the key "__proto__" is not allowed/ },
      { args: ['eval', '--input', ctor], says: /x\[0\]\.constructor/ },
      { args: ['eval', '--input', prot], says: /prototype: the key "prototype"/ },
      { args: ['eval', '--input', '/dev/zero'], says: /--input: "\/dev\/zero" is a device/ },
      { args: ['eval', '--input', fifo], says: /--input: .* is a FIFO/ },
      { args: ['eval', '--input', dir], says: /--input: .* is a directory/ },
      { args: ['eval', '--input', big], says: /--input: .* has 34603008 bytes, above the limit 33554432/ },
      { args: ['eval', '--input', hugeT], says: /^error: t: is 1000000000, above the limit 100000 \(time and memory/ },
      { args: ['eval', '--input', manyEta], says: /eta: the number of step sizes is 5000, above the limit 1000/ },
      { args: ['eval', '--input', hugeD], says: /H: d \(its number of rows\) is 600, above the limit 500/ },
      { args: ['eval', '--input', over], says: /H: its largest eigenvalue is about 2\.000e308, beyond float64's range/ },
      { args: ['eval', '--input', good, 'stray'], says: /eval: unexpected argument 'stray'/ },
      { args: ['eval', '--input', good, '--foo'], says: /eval: unknown option '--foo'/ },
      { args: ['eval', '--foo'], says: /eval: unknown option '--foo'/ },
      { args: ['eval', '--input', good, '--json=1'], says: /eval: --json takes no value, got '--json=1'/ },
      { args: ['eval', '--input', ''], says: /--input: is empty/ },
      { args: ['evl', '--input', good], says: /unknown command 'evl'; did you mean eval\?/ },
    ]);
  }, T);

  it('meta-train and nqm', async () => {
    const good = file('mt.json', goodCase);
    const proto = file('nqm-proto.json', '{"H": [[1]], "P": [[0]], "alpha": 0.1, "SigmaXi": [[1]], "phi0": [1], "T": [1], "constructor": {"alpha": 1}}');
    const hugeNqm = file('nqm-d.json', { H: Array.from({ length: 300 }, () => [1]), P: [[0]], alpha: 0.1, SigmaXi: [[1]], phi0: [1], T: [1] });
    await expectUsageErrors([
      { args: ['meta-train', '--input', good, '--eta0', '0.1', '--steps', '1000000000'], says: /--steps is 1000000000, above the limit 1000000/ },
      { args: ['meta-train', '--input', '/dev/zero', '--eta0', '0.1', '--steps', '10'], says: /--input: "\/dev\/zero" is a device/ },
      { args: ['meta-train', '--input', good, '--eta0', '0.1', '--steps', '10', 'extra'], says: /meta-train: unexpected argument 'extra'/ },
      { args: ['nqm', '--input', proto], says: /constructor: the key "constructor" is not allowed/ },
      { args: ['nqm', '--input', fifo], says: /is a FIFO/ },
      { args: ['nqm', '--input', hugeNqm], says: /H: d \(its number of rows\) is 300, above the limit 100/ },
    ]);
  }, T);

  it('audit', async () => {
    await expectUsageErrors([
      { args: ['audit', '--seed', '1', '--family', '1000000', '--out', join(dir, 'a1')], says: /--family: is 1000000, above the limit 100/, absent: [join(dir, 'a1')] },
      { args: ['audit', '--seed', '1', '--d', '1000000', '--out', join(dir, 'a2')], says: /--d: is 1000000, above the limit 500/, absent: [join(dir, 'a2')] },
      { args: ['audit', '--t', '1000000000', '--out', join(dir, 'a3')], says: /--t: is 1000000000, above the limit 100000/ },
      { args: ['audit', '--eta', Array.from({ length: 2000 }, () => '1/L').join(','), '--out', join(dir, 'a4')], says: /--eta: the list length is 1001, above the limit 1000/ },
      { args: ['audit', '--out', join(dir, 'afile')], says: /--out: .*afile" exists and is not a directory/ },
      { args: ['audit', '--out', join(dir, 'afile', 'sub')], says: /--out: .* lies under .*afile", which is not a directory/ },
      { args: ['audit', '--out', ''], says: /--out: is empty/ },
      { args: ['audit', '--out', join(dir, 'x'.repeat(300))], says: /--out: has a name of 300 bytes/ },
      { args: ['audit', '--input', '/dev/zero'], says: /--input: "\/dev\/zero" is a device/ },
      { args: ['audit', '--module', fifo, '--out', join(dir, 'a5')], says: /--module: .* is a FIFO/, absent: [join(dir, 'a5')] },
    ]);
  }, T);

  it('claims', async () => {
    await expectUsageErrors([
      { args: ['claims', '--runs', '1000000000', '--only', 'wang2021.claim1.sign'], says: /--runs is 1000000000, above the limit 100000/ },
      { args: ['claims', '--only', 'wang2021.claim1.sign'], env: { L2L_RUNS_SCALE: '1000000000' }, says: /L2L_RUNS_SCALE: is 1000000000, above the limit 1000/ },
      { args: ['claims', '--only', 'wang2021.claim1.sign', '--out', ''], says: /--out: is empty/ },
      { args: ['claims', '--only', 'wang2021.claim1.sign', '--out', join(dir, 'adir')], says: /--out: .*adir" is a directory/ },
      { args: ['claims', '--only', 'wang2021.claim1.sign', '--out', join(dir, 'afile', 'l.json')], says: /lies under .*afile", which is not a directory/ },
      { args: ['claims', '--only', 'wang2021.claim1.sign', '--path', 'not-a-path'], says: /--path must be fast-check's replay path/ },
      { args: ['claims', 'wang2021'], says: /claims: unexpected argument 'wang2021'/ },
    ]);
  }, T);

  it('tbt-tbv and the figures', async () => {
    await expectUsageErrors([
      { args: ['tbt-tbv', '--d', '1000000000'], says: /--d: is 1000000000, above the limit 100000/ },
      { args: ['tbt-tbv', '--n', '1000000000'], says: /--n: is 1000000000, above the limit 100000/ },
      { args: ['tbt-tbv', '--d', '10000', '--n', '10000'], says: /--n: d\*n is 100000000, above the limit 10000000/ },
      { args: ['tbt-tbv', '--t', '1000000000'], says: /--t: is 1000000000, above the limit 10000/ },
      { args: ['tbt-tbv', '--tasks', '1000000000'], says: /--tasks: is 1000000000, above the limit 100000/ },
      { args: ['tbt-tbv', '--test-tasks', '1000000000'], says: /--test-tasks: is 1000000000, above the limit 10000/ },
      { args: ['tbt-tbv', '--grid', '1e-6:1:1000000000'], says: /--grid: is 1000000000, above the limit 1000/ },
      { args: ['tbt-tbv', '--workers', '10000'], says: /--workers: is 10000, above the limit \d+ \(the number of cores/ },
      { args: ['tbt-tbv', '--d', '99999999999999999999'], says: /--d: is too large/ },
      { args: ['fig-rmse-vs-n', '--ns', '1000000'], says: /--ns: n is 1000000, above the limit 100000/ },
      { args: ['fig-rmse-vs-n', '--ns', '20000'], says: /--ns: d\*n \(d = 1000 at this scale\) is 20000000, above the limit 10000000/ },
      { args: ['fig-rmse-vs-sigma', '--sigmas', Array.from({ length: 200 }, () => '1').join(',')], says: /--sigmas: the list length is 101, above the limit 100/ },
      { args: ['fig-rmse-vs-sigma', '--out', ''], says: /--out: is empty/ },
      { args: ['fig-rmse-vs-sigma', '--out', join(dir, 'adir')], says: /--out: .*adir" is a directory/ },
      { args: ['fig-rmse-vs-n', '--workers', '10000'], says: /--workers: is 10000, above the limit/ },
    ]);
  }, T);

  it('reproduce, report, gate', async () => {
    await expectUsageErrors([
      { args: ['reproduce', 'table1', '--out', `${join(dir, 'adir')}/`], says: /--out: .* names a directory; give a file name/ },
      { args: ['reproduce', 'table1', '--out', join(dir, 'afile', 'x.json')], says: /lies under .*afile", which is not a directory/ },
      { args: ['reproduce', 'table1', 'extra'], says: /reproduce: unexpected argument 'extra'/ },
      { args: ['reproduce', 'tabel1'], says: /table1/ },
      { args: ['report', '--out', join(dir, 'afile')], says: /--out: .*afile" exists and is not a directory/ },
      { args: ['report', '--out', ''], says: /--out: is empty/ },
      { args: ['report', '--scale', 'paper', 'now'], says: /report: unexpected argument 'now'/ },
      { args: ['gate', '--baseline', 'gate-baseline.json', 'extra'], says: /gate: unexpected argument 'extra'/ },
      { args: ['gate', '--bsaeline', 'gate-baseline.json'], says: /gate: unknown option '--bsaeline'; did you mean --baseline\?/ },
    ]);
  }, T);
});
