import { join } from 'node:path';
import { writeFileAtomic } from '../io/output.js';
import { reportHtml } from './writers/html.js';
import { reportJson } from './writers/json.js';
import { reportMarkdown } from './writers/markdown.js';
import { sectionCharts, type Report, type Scale, type Section, type SectionBuilder } from './types.js';

export interface RunReportOptions {
  scale: Scale;
  out: string;
  builders: readonly SectionBuilder[];
  log?: (line: string) => void;
  /** Stop after the current section once aborted (Ctrl-C); what is done is written. */
  signal?: AbortSignal;
}

/**
 * Builds the sections one by one and rewrites the report after each, so an interrupted run
 * (Ctrl-C) keeps every finished section and names the missing ones. Each file is written
 * atomically: never half-written.
 */
export async function runReport(options: RunReportOptions): Promise<Report> {
  const { scale, out, builders, log = (l) => process.stderr.write(`${l}\n`), signal = new AbortController().signal } = options;
  const started = performance.now();
  const sections: Section[] = [];
  const failed: Report['missing'] = [];
  const snapshot = (): Report => {
    const done = new Set([...sections.map((s) => s.id), ...failed.map((f) => f.id)]);
    const missing = [...failed, ...builders.filter((b) => !done.has(b.id)).map((b) => ({ id: b.id, title: b.title, reason: signal.aborted ? 'interrupted' : 'not run yet' }))];
    return { generated: new Date().toISOString(), scale, sections: [...sections], missing, ms: performance.now() - started };
  };
  const write = (r: Report) => {
    for (const s of r.sections) for (const c of sectionCharts(s.blocks)) writeFileAtomic(join(out, 'charts', `${c.id}.svg`), c.svg);
    writeFileAtomic(join(out, 'report.json'), reportJson(r));
    writeFileAtomic(join(out, 'report.md'), reportMarkdown(r));
    writeFileAtomic(join(out, 'index.html'), reportHtml(r));
  };
  for (const [i, b] of builders.entries()) {
    if (signal.aborted) break;
    log(`[${i + 1}/${builders.length}] ${b.title}`);
    const t0 = performance.now();
    try {
      const s = await b.build({ scale, log: (l) => log(`  ${l}`), signal, stopped: () => signal.aborted });
      sections.push({ id: b.id, title: b.title, ...s, ms: performance.now() - t0 });
    } catch (e) {
      failed.push({ id: b.id, title: b.title, reason: `failed: ${(e as Error).message}` });
      log(`  failed: ${(e as Error).stack ?? e}`);
    }
    write(snapshot());
  }
  const final = snapshot();
  write(final);
  return final;
}
