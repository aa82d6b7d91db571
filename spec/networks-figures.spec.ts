import { describe, expect, it } from 'vitest';
import { MNIST_FIGURE_SCALES, accuracyRows, accuracySpec, describeConfigs, metaCurve, metaCurveSpec, mnistFigureFrom } from '../src/networks/figures.js';
import { mnistDocument, runMnist } from '../src/networks/run.js';
import { SMOKE } from './fixtures/networks-smoke.js';
import { SCALES } from '../src/networks/settings.js';
import { renderSvg } from '../src/charts/render.js';


describe('networks: mnist experiments and figure data', () => {
  it('step-size and MLP runs give CLI.md documents, accuracy bars and a meta-training curve with its compute', async () => {
    const a = await runMnist('noisy-1000', 'step-size', [1, 2], SMOKE, { workers: 1 });
    const b = await runMnist('noisy-1000', 'mlp', [1], SMOKE, { workers: 1 });
    const doc = mnistDocument(a);
    expect(Object.keys(doc)).toEqual(['setting', 'optimizer', 'data', 'runs', 'gap']);
    expect(Object.keys(doc.runs[0])).toEqual(['seed', 'tbt', 'tbv', 'sgd']);
    expect(Object.keys(doc.runs[0].tbt)).toEqual(['trainAcc', 'testAcc', 'metaLoss']);
    expect(Object.keys(doc.runs[0].sgd)).toEqual(['trainAcc', 'testAcc', 'eta']);
    expect(doc.data).toMatchObject({ train: 64, validation: 64, test: 128, labelNoise: 0.2 });
    // the gap is TbV − TbT over the seeds
    const gaps = a.runs.map((r) => r.tbv.testAcc - r.tbt.testAcc);
    expect(doc.gap.mean).toBeCloseTo((gaps[0] + gaps[1]) / 2, 12);
    // the same seed gives the same runs (seeded everything)
    expect(mnistDocument(await runMnist('noisy-1000', 'step-size', [1], SMOKE, { workers: 1 })).runs[0]).toEqual(doc.runs[0]);
    const rows = accuracyRows([a, b]);
    expect(rows).toHaveLength(2 * 3 * 2);
    for (const r of rows) expect(r.mean).toBeGreaterThanOrEqual(0);
    const mc = metaCurve([a, b]);
    expect(mc.compute).toHaveLength(2);
    expect(mc.compute[0].metaUpdates).toBe(mc.rows.filter((r) => r.method === 'TbT').length);
    expect(mc.compute[0].innerSteps).toBeGreaterThan(0);
    // the figure says which network, steps, seeds and meta-training each optimizer ran
    const fig = mnistFigureFrom('quick', [a, b], 1);
    expect(fig.configs.map((c) => c.optimizer)).toEqual(['step-size', 'mlp']);
    const text = describeConfigs(fig.configs);
    expect(text).toContain('step-size optimizer: network 196-8-10 on 14×14 pooled digits, T = 30 SGD steps of 32, seeds 1, 2');
    expect(text).toMatch(/mlp optimizer: network 196-8-10 .* seeds 1 .* 10 meta-updates of 10 unrolled steps/);
    const svgs = await Promise.all([renderSvg(accuracySpec(rows)), renderSvg(metaCurveSpec(mc.rows))]);
    for (const s of svgs) expect(s).toMatch(/^<svg/);
  });
});

describe('networks: the mnist command rejects bad flags with one line and exit code 2', () => {
  it.each([
    [['--setting', 'bogus', '--optimizer', 'mlp'], /^error: --setting: must be one of clean-1000, noisy-1000, large, got "bogus"\n$/],
    [['--setting', 'large'], /^error: --optimizer: is required/],
    [['--setting', 'large', '--optimizer', 'step-size', '--seeds', '1,x'], /^error: --seeds: must be a comma-separated list/],
    [['--setting', 'large', '--optimizer', 'step-size', '--seeds', '2,2'], /^error: --seeds: repeats a seed/],
    [['--setting', 'large', '--optimizer', 'step-size', '--scale', 'huge'], /^error: --scale: must be paper or quick/],
  ])('%j', async (args, message) => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'mnist', ...args], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('networks: the report\'s figure scales', () => {
  it('paper: the step-size optimizer on the paper network and sample sizes, all three settings, at least 3 seeds; the MLP optimizer reduced and said so', () => {
    const p = MNIST_FIGURE_SCALES.paper;
    expect(SCALES[p.scale].sizes).toEqual([784, 100, 20, 10]);
    expect(SCALES[p.scale].steps).toBe(1000);
    expect(p.stepSize).toEqual(['clean-1000', 'noisy-1000', 'large']);
    expect(p.seeds.length).toBeGreaterThanOrEqual(3);
    expect(p.mlpSeeds.length).toBeGreaterThanOrEqual(3);
    expect(SCALES[p.mlpScale].sizes).toEqual([196, 32, 16, 10]);
  });
});
