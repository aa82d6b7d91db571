import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/output.js';
import { spawnWorker } from '../threads/spawn.js';
import { reportHtml } from './writers/html.js';
import { reportJson } from './writers/json.js';
import { reportMarkdown } from './writers/markdown.js';
import { sectionCharts, type Report, type Scale, type Section, type SectionBuilder } from './types.js';

export interface RunReportOptions {
  scale: Scale;
  out: string;
  builders: readonly SectionBuilder[];
  log?: (line: string) => void;
  /** Stop after the current sections once aborted (Ctrl-C); what is done is written. */
  signal?: AbortSignal;
  /**
   * Build up to this many sections at once, each on a worker thread of its own (default 1: one after
   * another, in this thread). Needs `sectionModule`. The sections are independent and each one's
   * result does not depend on where it ran; the report lists them in `builders` order whatever order
   * they finish in.
   */
  concurrency?: number;
  /** URL of the module whose `REPORT_SECTIONS` holds `builders` (workers look a builder up by id there). */
  sectionModule?: string;
  /** The order sections start in (default `builders`'); the report still lists them in `builders` order. */
  order?: readonly SectionBuilder[];
}

/** Sections at once for `report`: every core, at most 4 (each section also runs its own threads). */
export function defaultReportConcurrency(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

type Built = Omit<Section, 'id' | 'title' | 'ms'>;

/** Build one section on a worker thread; `stopFlag` set to 1 (and a 'stop' message) asks it to finish early. */
function buildOnWorker(module: string, b: SectionBuilder, scale: Scale, log: (l: string) => void, stop: SharedArrayBuffer, signal: AbortSignal): Promise<Built> {
  return new Promise((resolve, reject) => {
    const w = spawnWorker(import.meta.url, 'worker', { workerData: { module, id: b.id, scale, stop } });
    let settled = false;
    const onAbort = () => w.postMessage('stop');
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      f();
    };
    w.on('message', (m: { log?: string; section?: Built; error?: string }) => {
      if (m.log !== undefined) log(m.log);
      else if (m.section) done(() => resolve(m.section!));
      else if (m.error !== undefined) done(() => reject(new Error(m.error)));
      // the section is in: its thread (and any pool it left open) ends now
      if (settled) void w.terminate();
    });
    w.on('error', (e) => done(() => reject(e)));
    w.on('exit', (code) => done(() => reject(new Error(`the section's thread exited with code ${code} before it finished`))));
  });
}

/**
 * Builds the sections and rewrites the report after each one finishes, so an interrupted run
 * (Ctrl-C) keeps every finished section and names the missing ones. Each file is written
 * atomically: never half-written. With `concurrency` > 1 the sections run on worker threads, the
 * first `concurrency` of `order` at once and the next as soon as one finishes (long ones first).
 */
export async function runReport(options: RunReportOptions): Promise<Report> {
  const { scale, out, builders, log = (l) => process.stderr.write(`${l}\n`), signal = new AbortController().signal, sectionModule } = options;
  const concurrency = sectionModule ? Math.max(1, Math.floor(options.concurrency ?? 1)) : 1;
  const started = performance.now();
  const finished = new Map<string, Section>();
  const failed = new Map<string, Report['missing'][number]>();
  const stopFlag = new SharedArrayBuffer(4);
  signal.addEventListener('abort', () => Atomics.store(new Int32Array(stopFlag), 0, 1), { once: true });
  const snapshot = (): Report => {
    const sections = builders.flatMap((b) => finished.get(b.id) ?? []);
    const missing = builders.flatMap((b) =>
      finished.has(b.id) ? [] : [failed.get(b.id) ?? { id: b.id, title: b.title, reason: signal.aborted ? 'interrupted' : 'not run yet' }],
    );
    return { generated: new Date().toISOString(), scale, sections, missing, ms: performance.now() - started };
  };
  const write = (r: Report) => {
    for (const s of r.sections) for (const c of sectionCharts(s.blocks)) writeFileAtomic(join(out, 'charts', `${c.id}.svg`), c.svg);
    writeFileAtomic(join(out, 'report.json'), reportJson(r));
    writeFileAtomic(join(out, 'report.md'), reportMarkdown(r));
    writeFileAtomic(join(out, 'index.html'), reportHtml(r));
  };
  const buildOne = async (b: SectionBuilder) => {
    const i = builders.indexOf(b);
    log(`[${i + 1}/${builders.length}] ${b.title}${concurrency > 1 ? ' (started)' : ''}`);
    const t0 = performance.now();
    // concurrent sections interleave their lines: each is prefixed with its section id (once)
    const sectionLog = (l: string) => log(`  ${concurrency > 1 && !l.startsWith(`${b.id}: `) ? `${b.id}: ` : ''}${l}`);
    try {
      const s =
        concurrency > 1
          ? await buildOnWorker(sectionModule!, b, scale, sectionLog, stopFlag, signal)
          : await b.build({ scale, log: sectionLog, signal, stopped: () => signal.aborted });
      finished.set(b.id, { id: b.id, title: b.title, ...s, ms: performance.now() - t0 });
      if (concurrency > 1) log(`[${i + 1}/${builders.length}] ${b.title}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed.set(b.id, { id: b.id, title: b.title, reason: `failed: ${(e as Error).message.split('\n')[0]}` });
      log(`  ${b.id} failed: ${(e as Error).stack ?? e}`);
    }
    write(snapshot());
  };
  const queue = (options.order ?? builders).filter((b) => builders.includes(b));
  for (const b of builders) if (!queue.includes(b)) queue.push(b);
  let next = 0;
  const lane = async () => {
    while (next < queue.length && !signal.aborted) await buildOne(queue[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane));
  const final = snapshot();
  write(final);
  return final;
}
