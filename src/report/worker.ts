import { parentPort, workerData } from 'node:worker_threads';
import type { Scale, SectionBuilder } from './types.js';

/**
 * Worker-thread entry of the report's section pool (run.ts): builds one section of the module's
 * `REPORT_SECTIONS` by id and posts it back (plain data: summary, blocks with their SVG, data).
 * Progress lines are posted as they come. Ctrl-C reaches a section two ways: the shared stop flag
 * (read by `stopped()`, so a synchronous section polling it sees it at once) and a 'stop' message,
 * which aborts `signal` for async sections (the claims ledger) as soon as the event loop turns.
 */
interface Data {
  module: string;
  id: string;
  scale: Scale;
  stop: SharedArrayBuffer;
}

const { module, id, scale, stop } = workerData as Data;
const flag = new Int32Array(stop);
const ac = new AbortController();
parentPort!.on('message', (m: string) => {
  if (m === 'stop' && !ac.signal.aborted) ac.abort();
});

try {
  const { REPORT_SECTIONS } = (await import(module)) as { REPORT_SECTIONS: readonly SectionBuilder[] };
  const b = REPORT_SECTIONS.find((s) => s.id === id);
  if (!b) throw new Error(`section "${id}" is not in ${module}`);
  const section = await b.build({
    scale,
    log: (line) => parentPort!.postMessage({ log: line }),
    signal: ac.signal,
    stopped: () => Atomics.load(flag, 0) === 1 || ac.signal.aborted,
  });
  parentPort!.postMessage({ section });
} catch (e) {
  parentPort!.postMessage({ error: String((e as Error)?.stack ?? e) });
}
parentPort!.close();
