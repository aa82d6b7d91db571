import type { Command } from 'commander';
import { join } from 'node:path';
import { DEFAULT_CASE, DEFAULT_META_TRAIN } from '../../quadratic/defaults.js';
import { metaMethods, metaTrain } from '../../quadratic/metaTrain.js';
import { ReferenceQuadratic } from '../../quadratic/reference.js';
import { evaluateCase } from './eval.js';
import { isConverged } from './metaTrain.js';
import { formatTable, writeFileAtomic } from '../output.js';

/**
 * `report`: the main job on its built-in defaults. Writes report/report.json and report/report.md,
 * each file atomically (temporary file, then rename), so a report is never half-written.
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('run the verification on built-in defaults and write the report (report/report.json, report/report.md)')
    .option('--out <dir>', 'output directory', 'report')
    .action((opts: { out: string }) => {
      const c = DEFAULT_CASE;
      process.stderr.write(`eval: default quadratic (d = 2, t = ${c.t}, ${c.eta.length} step sizes)\n`);
      const { digits, ...evalDoc } = evaluateCase(c);
      const etaStar = new ReferenceQuadratic(c.H, c.w0).etaStar(c.t).value.toNumber();
      const meta = metaMethods.map((method) => {
        process.stderr.write(`meta-train: ${method}, ${DEFAULT_META_TRAIN.steps} meta-steps from eta0 = ${DEFAULT_META_TRAIN.eta0}\n`);
        const r = metaTrain(c.H, c.w0, c.t, { ...DEFAULT_META_TRAIN, method });
        return { method, etaFinal: r.trajectory[r.trajectory.length - 1], converged: isConverged(r.trajectory, etaStar), nonFinite: r.nonFinite, zeroGradients: r.zeroGradients };
      });
      const doc = { generated: new Date().toISOString(), case: c, eval: evalDoc, digits, metaTrain: { ...DEFAULT_META_TRAIN, etaStar, runs: meta } };
      writeFileAtomic(join(opts.out, 'report.json'), `${JSON.stringify(doc, null, 2)}\n`);
      const md = [
        '# l2l-verify report',
        '',
        `Default quadratic: H = diag(80, 1), w0 = (0.6, 0.8), t = ${c.t}. eta* = ${evalDoc.etaStar}.`,
        '',
        "## G'(eta) by every method (significant digits against the reference, relative to max(|G'|, S))",
        '',
        '```',
        formatTable(
          ['eta', "G' reference", 'closedForm64', 'stable64', 'backprop64', 'backprop32'],
          evalDoc.points.map((p, i) => [p.eta, p.dG.reference, ...(['closedForm64', 'stable64', 'backprop64', 'backprop32'] as const).map((m) => `${p.dG[m]} (${digits[i][m].toFixed(1)})`)]),
        ),
        '```',
        '',
        `## Meta-training from eta0 = ${DEFAULT_META_TRAIN.eta0}, ${DEFAULT_META_TRAIN.steps} meta-steps, mu_k = 0.01/sqrt(k)`,
        '',
        '```',
        formatTable(['method', 'final eta', 'converged', 'non-finite', 'zero'], meta.map((m) => [m.method, String(m.etaFinal), String(m.converged), String(m.nonFinite), String(m.zeroGradients)])),
        '```',
        '',
      ].join('\n');
      writeFileAtomic(join(opts.out, 'report.md'), md);
      process.stderr.write(`wrote ${join(opts.out, 'report.json')} and ${join(opts.out, 'report.md')}\n`);
    });
}
