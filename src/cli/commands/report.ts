import { Option, type Command } from 'commander';
import { join } from 'node:path';
import { defaultReportConcurrency, runReport } from '../../report/run.js';
import { REPORT_BUILD_ORDER, REPORT_SECTIONS, SECTIONS_MODULE } from '../../report/sections.js';
import type { Scale } from '../../report/types.js';
import { validateOutputDir } from '../output.js';

/**
 * `report`: the main job on its built-in defaults. Writes index.html (self-contained, inline SVG),
 * report.md and report.json into --out, each atomically, rewritten after every section so that
 * Ctrl-C keeps the finished sections and names the missing ones. Exit 1 when a claim's verdict
 * differs from its expected verdict or a section failed; 130 when interrupted.
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('run the whole verification on built-in defaults and write the report (index.html, report.md, report.json)')
    .option('--out <dir>', 'output directory', 'report')
    .addOption(new Option('--scale <scale>', 'quick (about 2 minutes) or paper (the papers\' sizes)').choices(['quick', 'paper']).default('quick'))
    .action(async (opts: { out: string; scale: Scale }) => {
      validateOutputDir('--out', opts.out);
      const ac = new AbortController();
      const onSigint = () => {
        process.stderr.write('\ninterrupted: finishing the current section, then writing what is done\n');
        ac.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        // the sections build concurrently on worker threads, longest first
        const r = await runReport({
          scale: opts.scale,
          out: opts.out,
          builders: REPORT_SECTIONS,
          order: REPORT_BUILD_ORDER,
          sectionModule: SECTIONS_MODULE,
          concurrency: defaultReportConcurrency(),
          signal: ac.signal,
        });
        process.stderr.write(`wrote ${join(opts.out, 'index.html')}, report.md, report.json (${(r.ms / 1000).toFixed(1)} s)\n`);
        if (r.missing.length) process.stderr.write(`missing: ${r.missing.map((m) => `${m.id} (${m.reason})`).join(', ')}\n`);
        const claims = r.sections.find((s) => s.id === 'claims')?.data as { claims: Array<{ status: string; expected: string }> } | undefined;
        const mismatch = claims?.claims.some((e) => e.status !== e.expected) ?? false;
        process.exitCode = ac.signal.aborted ? 130 : mismatch || r.missing.length ? 1 : 0;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
