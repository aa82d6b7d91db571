import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 11 item 3, as a user's project meets it: `npm pack` the package, install the tarball into a
 * scratch project beside vitest, and run a user's own test files there under vitest as a child
 * process, asserting on its JSON report.
 *
 * Install modes. Default (fast, offline): the tarball is unpacked into the scratch project's
 * node_modules/l2l-verify exactly as npm unpacks it, and every other package is a symlink into
 * this repository's node_modules (vitest, fast-check, typescript and l2l-verify's own
 * dependencies, at the versions `npm ci` installed). L2L_VITEST_API_INSTALL=npm runs a real
 * `npm install --prefer-offline` of the tarball with the repository's vitest, fast-check and
 * typescript versions instead (about 20 s more and ~370 MB: tfjs and vega come along).
 *
 * The package is packed from dist/ (`npm pack --ignore-scripts`: `prepare` already built it in
 * `npm ci`); when a source file is newer than its build, dist/ is rebuilt first.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODE = process.env.L2L_VITEST_API_INSTALL === 'npm' ? 'npm' : 'link';

/** A correct G'(η) in the scaled form (wang2021 Eqn 2), and the same with Math.fround after every operation. */
const META_GRADIENT = `
// G(η) = ln f(w_t) / t, f(w) = ½wᵀHw, w_{k+1} = w_k − ηHw_k. In H's eigenbasis (λᵢ, cᵢ = ⟨w₀, uᵢ⟩,
// rᵢ = 1 − ηλᵢ): G'(η) = −2 Σ cᵢ²λᵢ² rᵢ^{2t−1} / Σ cᵢ²λᵢ rᵢ^{2t}. Dividing both sums by s^{2t},
// s = max |rᵢ|, keeps every term in range (the scaled form, wang2021 Eqn 2).
export function scaledForm(round: (x: number) => number) {
  const r = round;
  // cyclic Jacobi, every operation rounded by r
  function eigen(H: number[][]): { values: number[]; vectors: number[][] } {
    const n = H.length;
    const A = H.map((row) => row.map(r));
    const V: number[][] = A.map((_, i) => A.map((__, j) => (i === j ? 1 : 0)));
    for (let sweep = 0; sweep < 60; sweep++) {
      let rotated = false;
      for (let p = 0; p < n; p++) {
        for (let q = p + 1; q < n; q++) {
          const apq = A[p][q];
          if (apq === 0 || Math.abs(apq) <= 1e-300) continue;
          if (Math.abs(apq) < r(r(1e-18) * r(Math.sqrt(r(Math.abs(r(A[p][p] * A[q][q])))))) ) { A[p][q] = A[q][p] = 0; continue; }
          rotated = true;
          const theta = r(r(A[q][q] - A[p][p]) / r(2 * apq));
          const tn = r((theta >= 0 ? 1 : -1) / r(Math.abs(theta) + r(Math.sqrt(r(r(theta * theta) + 1)))));
          const c = r(1 / r(Math.sqrt(r(r(tn * tn) + 1))));
          const s = r(tn * c);
          for (let k = 0; k < n; k++) {
            const akp = A[k][p], akq = A[k][q];
            A[k][p] = r(r(c * akp) - r(s * akq));
            A[k][q] = r(r(s * akp) + r(c * akq));
          }
          for (let k = 0; k < n; k++) {
            const apk = A[p][k], aqk = A[q][k];
            A[p][k] = r(r(c * apk) - r(s * aqk));
            A[q][k] = r(r(s * apk) + r(c * aqk));
          }
          for (let k = 0; k < n; k++) {
            const vkp = V[k][p], vkq = V[k][q];
            V[k][p] = r(r(c * vkp) - r(s * vkq));
            V[k][q] = r(r(s * vkp) + r(c * vkq));
          }
        }
      }
      if (!rotated) break;
    }
    return { values: A.map((row, i) => row[i]), vectors: A.map((_, i) => V.map((row) => row[i])) };
  }
  return function metaGradient(eta: number, H: number[][], w0: number[], t: number): number {
    const { values, vectors } = eigen(H);
    const e = r(eta);
    const lam = values;
    const c = vectors.map((u) => u.reduce((acc, x, j) => r(acc + r(x * r(w0[j]))), 0));
    const rr = lam.map((l) => r(1 - r(e * l)));
    let s = 0;
    for (let i = 0; i < lam.length; i++) if (c[i] !== 0) s = Math.max(s, Math.abs(rr[i]));
    let num = 0, den = 0;
    for (let i = 0; i < lam.length; i++) {
      if (c[i] === 0) continue;
      const rho = r(rr[i] / s);
      const c2l = r(r(c[i] * c[i]) * lam[i]);
      num = r(num + r(r(c2l * lam[i]) * r(Math.pow(rho, 2 * t - 1))));
      den = r(den + r(c2l * r(Math.pow(rho, 2 * t))));
    }
    return r(r(-2 * num) / r(s * den));
  };
}
export const metaGradient64 = scaledForm((x) => x);
export const metaGradient32 = scaledForm(Math.fround);
`;

const DIGITS_TEST = `
import { describe, expect, it } from 'vitest';
import 'l2l-verify/vitest';
import { metaGradient64, metaGradient32 } from './metaGradient.js';

// the audit computes an arbitrary-precision reference at every point: give it time (docs)
const T = 60_000;

describe('toKeepDigits', () => {
  it('float64 scaled form keeps 10 digits', async () => {
    await expect(metaGradient64).toKeepDigits(10);
  }, T);
  it('float32 scaled form keeps 10 digits', async () => {
    await expect(metaGradient32).toKeepDigits(10);
  }, T);
  it('float32 scaled form does not keep 10 digits', async () => {
    await expect(metaGradient32).not.toKeepDigits(10, { cases: [{ H: [[80, 0], [0, 1]], w0: [0.6, 0.8] }], t: [40], eta: [0.1, '1/L'] });
  }, T);
  it('given cases, t and eta', async () => {
    await expect(metaGradient64).toKeepDigits(10, { cases: [{ H: [[80, 0], [0, 1]], w0: [0.6, 0.8] }], t: [1, 40, 5000], eta: ['1/L', '2/L', 0.0125, '2/(a+L)'] });
  }, T);
  it('a function that throws', async () => {
    await expect(function boom() { throw new Error('boom at the seams'); }).toKeepDigits(10, { t: [10], eta: ['1/L'], count: 1, d: 2 });
  }, T);
  it('a function that returns a string', async () => {
    await expect(() => 'G prime').toKeepDigits(10, { t: [10], eta: ['1/L'], count: 1, d: 2 });
  }, T);
});
`;

const CLAIMS_TEST = `
import { claimSuite, defineClaim } from 'l2l-verify/vitest';
import { spdMatrix, type SpdCase } from 'l2l-verify/arbitraries';

const trace = (c: SpdCase) => c.H.reduce((s, row, i) => s + row[i], 0);
const describe = (c: SpdCase) => ({ d: c.d, eigenvalues: c.eigenvalues, trace: trace(c) });

// tr H = Σλᵢ, so d·α ≤ tr H ≤ d·L (relative slack 1e-9 for H's float64 construction)
claimSuite('user claims', [
  defineClaim({
    id: 'user.trace-bounds',
    statement: 'd·α ≤ tr H ≤ d·L for every SPD H',
    arbitrary: spdMatrix({ maxDim: 6 }),
    check: (c) => trace(c) <= c.d * c.eigenvalues[0] * (1 + 1e-9) && trace(c) >= c.d * c.eigenvalues[c.d - 1] * (1 - 1e-9),
    describe,
    runs: 60,
  }),
  defineClaim({
    id: 'user.trace-bounds.control-below-L',
    statement: 'tr H ≤ L (false once d ≥ 2)',
    control: true,
    controlOf: 'user.trace-bounds',
    arbitrary: () => spdMatrix({ maxDim: 6 }),
    check: (c) => ({ ok: trace(c) <= c.eigenvalues[0] * (1 + 1e-9), tightness: trace(c) / c.eigenvalues[0] }),
    describe,
    runs: 60,
  }),
]);
`;

const WRONG_CLAIM_TEST = `
import { claimSuite, defineClaim } from 'l2l-verify/vitest';
import { spdMatrix } from 'l2l-verify/arbitraries';

claimSuite('a wrong user claim', [
  defineClaim({
    id: 'user.wrong.trace-below-L',
    statement: 'tr H ≤ L (stated as if it held)',
    arbitrary: spdMatrix({ maxDim: 6 }),
    check: (c) => c.H.reduce((s, row, i) => s + row[i], 0) <= c.eigenvalues[0] * (1 + 1e-9),
    describe: (c) => ({ d: c.d, eigenvalues: c.eigenvalues }),
    runs: 60,
  }),
]);
`;

interface AssertionResult {
  fullName: string;
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
  failureMessages: string[];
}
interface JsonReport {
  numTotalTests: number;
  testResults: Array<{ name: string; status: string; message?: string; assertionResults: AssertionResult[] }>;
}

function newestMtime(dir: string, ext: string): { file: string; mtime: number } {
  let best = { file: '', mtime: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const b = newestMtime(p, ext);
      if (b.mtime > best.mtime) best = b;
    } else if (e.name.endsWith(ext)) {
      const m = statSync(p).mtimeMs;
      if (m > best.mtime) best = { file: p, mtime: m };
    }
  }
  return best;
}

/** dist/ built from the current sources? (A fresh clone: `npm ci` ran `prepare` after checkout.) */
function ensureBuilt(): string | null {
  const entry = join(ROOT, 'dist/src/vitest/index.js');
  const src = newestMtime(join(ROOT, 'src'), '.ts');
  if (existsSync(entry) && statSync(entry).mtimeMs >= src.mtime && statSync(join(ROOT, 'dist/src/index.js')).mtimeMs >= src.mtime) return null;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, stdio: 'pipe' });
  return `rebuilt dist/ (${relative(ROOT, src.file)} was newer)`;
}

function version(pkg: string): string {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/** The parent vitest's worker variables would make the child think it runs inside a worker: drop them. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'TEST' || k === 'NODE_OPTIONS' || k === 'L2L_CLAIM_RESULTS_DIR') delete env[k];
  return env;
}

function runVitest(project: string, files: string[], outFile: string, env: Record<string, string> = {}): { report: JsonReport; stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(project, 'node_modules/vitest/vitest.mjs'), 'run', ...files, '--reporter=json', `--outputFile=${outFile}`], {
    cwd: project,
    encoding: 'utf8',
    env: childEnv(env),
    timeout: 120_000,
  });
  if (!existsSync(outFile)) throw new Error(`vitest wrote no report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { report: JSON.parse(readFileSync(outFile, 'utf8')), stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function byTitle(report: JsonReport): Map<string, AssertionResult> {
  const m = new Map<string, AssertionResult>();
  for (const f of report.testResults) for (const a of f.assertionResults) m.set(a.title, a);
  return m;
}

describe('l2l-verify/vitest in a scratch project (npm pack, install, vitest as a child process)', () => {
  let tmp: string;
  let project: string;
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = Math.round(performance.now() - since) / 1000);
  let results: Map<string, AssertionResult>;
  let exitStatus: number | null;
  let tarball: string;

  beforeAll(() => {
    let t0 = performance.now();
    const rebuilt = ensureBuilt();
    if (rebuilt) console.info(`vitest-api: ${rebuilt}`);
    lap('build', t0);

    tmp = mkdtempSync(join(tmpdir(), 'l2l-vitest-api-'));
    project = join(tmp, 'project');
    mkdirSync(project);
    t0 = performance.now();
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    tarball = join(tmp, packed[0].filename as string);
    lap('pack', t0);

    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }, null, 2));
    t0 = performance.now();
    if (MODE === 'npm') {
      execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, `vitest@${version('vitest')}`, `fast-check@${version('fast-check')}`, `typescript@${version('typescript')}`], {
        cwd: project,
        stdio: 'pipe',
      });
    } else {
      const nm = join(project, 'node_modules');
      mkdirSync(nm);
      for (const name of readdirSync(join(ROOT, 'node_modules'))) {
        if (name.startsWith('.') || name === 'l2l-verify') continue;
        symlinkSync(join(ROOT, 'node_modules', name), join(nm, name), 'dir');
      }
      // what npm does with a tarball: unpack its "package/" directory as node_modules/<name>
      execFileSync('tar', ['-xzf', tarball, '-C', nm]);
      renameSync(join(nm, 'package'), join(nm, 'l2l-verify'));
    }
    lap(`install (${MODE})`, t0);

    writeFileSync(join(project, 'metaGradient.ts'), META_GRADIENT);
    writeFileSync(join(project, 'digits.test.ts'), DIGITS_TEST);
    writeFileSync(join(project, 'claims.test.ts'), CLAIMS_TEST);
    writeFileSync(join(project, 'wrong-claim.test.ts'), WRONG_CLAIM_TEST);
    t0 = performance.now();
    const run = runVitest(project, [], join(tmp, 'results.json'));
    lap('vitest', t0);
    exitStatus = run.status;
    results = byTitle(run.report);
  }, 240_000);

  afterAll(() => {
    console.info(`vitest-api timings (s): ${JSON.stringify(timings)}`);
    // L2L_VITEST_API_KEEP=1 keeps the scratch project to look into
    if (tmp && process.env.L2L_VITEST_API_KEEP !== '1') rmSync(tmp, { recursive: true, force: true });
    else if (tmp) console.info(`vitest-api: scratch project kept in ${project}`);
  });

  it('the tarball holds the entries package.json exports, and no sources or specs', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const f of ['package/dist/src/vitest/index.js', 'package/dist/src/vitest/index.d.ts', 'package/dist/src/arbitraries/index.js', 'package/dist/src/index.js', 'package/dist/src/cli/main.js']) expect(list).toContain(f);
    expect(list.filter((f) => /^package\/(spec|proofs-checks|bench|src)\//.test(f))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/l2l-verify/package.json'), 'utf8'));
    expect(pkg.peerDependencies.vitest).toBeTruthy();
    expect(pkg.peerDependenciesMeta.vitest.optional).toBe(true);
  });

  it('vitest is needed by l2l-verify/vitest only: the library, the CLI and the arbitraries never import it', () => {
    const pkgRoot = join(project, 'node_modules/l2l-verify');
    // every module reachable through relative imports from an entry, and the bare packages they name
    const reach = (entry: string): { files: Set<string>; bare: Set<string> } => {
      const files = new Set<string>();
      const bare = new Set<string>();
      const todo = [join(pkgRoot, entry)];
      while (todo.length) {
        const f = todo.pop()!;
        if (files.has(f)) continue;
        files.add(f);
        for (const m of readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
          if (m[1].startsWith('.')) todo.push(join(dirname(f), m[1]));
          else bare.add(m[1].startsWith('@') ? m[1].split('/').slice(0, 2).join('/') : m[1].split('/')[0]);
        }
      }
      return { files, bare };
    };
    for (const entry of ['dist/src/index.js', 'dist/src/cli/main.js', 'dist/src/arbitraries/index.js']) {
      const { files, bare } = reach(entry);
      expect(files.size).toBeGreaterThan(1);
      expect([...bare].filter((b) => b === 'vitest' || b.startsWith('@vitest')), entry).toEqual([]);
    }
    expect(reach('dist/src/vitest/index.js').bare).toContain('vitest');
  });

  it('a correct float64 scaled form passes toKeepDigits(10) on the defaults and on given cases', () => {
    expect(exitStatus).toBe(1); // the deliberately failing tests below fail the run
    const ok = results.get('float64 scaled form keeps 10 digits');
    expect(ok?.status, ok?.failureMessages.join('\n')).toBe('passed');
    const given = results.get('given cases, t and eta');
    expect(given?.status, given?.failureMessages.join('\n')).toBe('passed');
  });

  it('a float32 implementation fails, and its message names the worst point: case, t, η, digits kept, seed', () => {
    const bad = results.get('float32 scaled form keeps 10 digits');
    expect(bad?.status).toBe('failed');
    const msg = bad!.failureMessages.join('\n');
    expect(msg).toMatch(/expected metaGradient to keep 10 significant digits/);
    expect(msg).toMatch(/worst: case #\d+ \(wishart d = 4, seed 1 #\d+\), t = \d+, η = [^:]+: kept \d+\.\d\d digits/);
    // float32 keeps about 7 digits: well below 10, and never more than 8
    const kept = Number(/kept (\d+\.\d\d) digits/.exec(msg)![1]);
    expect(kept).toBeLessThan(8);
    expect(msg).toMatch(/of 96 points/);
    const not = results.get('float32 scaled form does not keep 10 digits');
    expect(not?.status, not?.failureMessages.join('\n')).toBe('passed');
  });

  it('a function that throws, or returns a non-number, fails saying so', () => {
    const threw = results.get('a function that throws');
    expect(threw?.status).toBe('failed');
    expect(threw!.failureMessages.join('\n')).toMatch(/expected boom to keep 10 significant digits.*; it threw at 1 of 1 point, first at case #0 .*t = 10, η = 1\/L = [0-9.e-]+: threw: Error: boom at the seams/);
    const str = results.get('a function that returns a string');
    expect(str?.status).toBe('failed');
    expect(str!.failureMessages.join('\n')).toMatch(/returned a non-number at 1 of 1 point,.*returned the string "G prime", not a number/);
  });

  it("a user's claims over l2l-verify's arbitraries: held, and the control falsified", () => {
    const held = results.get('user.trace-bounds');
    expect(held?.status, held?.failureMessages.join('\n')).toBe('passed');
    const control = results.get('user.trace-bounds.control-below-L');
    expect(control?.status, control?.failureMessages.join('\n')).toBe('passed');
  });

  it('a wrong claim fails with its seed, its shrunk counterexample and a replay line that reproduces it', () => {
    const w = results.get('user.wrong.trace-below-L');
    expect(w?.status).toBe('failed');
    const msg = w!.failureMessages.join('\n');
    expect(msg).toMatch(/user\.wrong\.trace-below-L: expected held, got falsified after \d+ cases/);
    const replay = /replay: L2L_REPLAY='(user\.wrong\.trace-below-L \d+ [\d:]+)' npx vitest run -t 'user\.wrong\.trace-below-L'/.exec(msg);
    expect(replay, msg).not.toBeNull();
    const ce = /counterexample: (.*?): expected '/.exec(msg)![1];
    // fast-check shrank it to the smallest dimension where tr H > L
    expect(JSON.parse(ce).d).toBe(2);
    const again = runVitest(project, ['wrong-claim.test.ts'], join(tmp, 'replay.json'), { L2L_REPLAY: replay![1] });
    const r = byTitle(again.report).get('user.wrong.trace-below-L');
    expect(r?.status).toBe('failed');
    const msg2 = r!.failureMessages.join('\n');
    expect(/counterexample: (.*?): expected '/.exec(msg2)![1]).toBe(ce);
    expect(msg2).toMatch(/got falsified after 1 cases/);
  }, 60_000);

  it('typechecks: the exports map resolves types, and toKeepDigits is typed on expect()', () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ['*.ts'] }),
    );
    writeFileSync(
      join(project, 'types-misuse.ts'),
      `import { expect } from 'vitest';\nimport 'l2l-verify/vitest';\nexport async function f() {\n  // @ts-expect-error digits must be a number\n  await expect(() => 0).toKeepDigits('ten');\n  // @ts-expect-error unknown option\n  await expect(() => 0).toKeepDigits(10, { sede: 1 });\n}\n`,
    );
    const r = spawnSync(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', join(project, 'tsconfig.json')], { cwd: project, encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);
});
