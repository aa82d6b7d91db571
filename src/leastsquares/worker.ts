import { parentPort } from 'node:worker_threads';
import { evalTestTask, evalTrainTask, type TrainTaskResult, type TestTaskResult } from './tasks.js';
import type { PoolJob } from './pool.js';

/** Worker-thread entry: runs chunks of tasks and sends back per-task results (buffers transferred). */
function transferables(r: TrainTaskResult | TestTaskResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const seen = new Set<ArrayBufferLike>();
  const add = (a: ArrayBufferView | undefined) => {
    if (a && !seen.has(a.buffer) && a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) {
      seen.add(a.buffer);
      out.push(a.buffer);
    }
  };
  if ('tbtPop' in r || 'tbt' in r) {
    const tr = r as TrainTaskResult;
    add(tr.tbt as Float64Array | undefined);
    add(tr.tbtPop);
    add(tr.tbv as Float64Array | undefined);
    add(tr.tbvPop);
  }
  return out;
}

parentPort!.on('message', (job: PoolJob) => {
  try {
    const results: Array<TrainTaskResult | TestTaskResult> = [];
    for (let i = job.from; i < job.to; i++) {
      results.push(
        job.kind === 'train'
          ? evalTrainTask(job.cfg, job.grid, i, job.keepReduced)
          : evalTestTask(job.cfg, i, job.etaTbT, job.etaTbV),
      );
    }
    parentPort!.postMessage({ id: job.id, results }, results.flatMap(transferables));
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).stack ?? String(e) });
  }
});
