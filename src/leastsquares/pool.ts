import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { spawnWorker } from '../threads/spawn.js';
import { evalTestTask, evalTrainTask, type TaskConfig, type TestTaskResult, type TrainTaskResult } from './tasks.js';

export type PoolJob =
  | { id: number; kind: 'train'; cfg: TaskConfig; grid: number[]; from: number; to: number; keepReduced: boolean }
  | { id: number; kind: 'test'; cfg: TaskConfig; from: number; to: number; etaTbT: number; etaTbV: number };

type JobSpec = PoolJob extends infer J ? (J extends { id: number } ? Omit<J, 'id'> : never) : never;

/**
 * Runs task chunks on worker threads. Results are keyed by task index and every reduction is done
 * by the caller in index order, so the numbers never depend on the number of workers or on which
 * worker finished first. With 0 workers everything runs in-process (same functions).
 */
export class TaskPool {
  private workers: Worker[] = [];

  constructor(readonly size: number) {
    if (size <= 0) return;
    for (let i = 0; i < size; i++) this.workers.push(spawnWorker(import.meta.url, 'worker'));
  }

  /** Splits [0, count) into chunks, runs them, returns per-index results in index order. */
  async run<R extends TrainTaskResult | TestTaskResult>(
    spec: JobSpec,
    count: number,
    onProgress?: (done: number, total: number) => void,
  ): Promise<R[]> {
    const out: R[] = new Array(count);
    if (count === 0) return out;
    if (this.workers.length === 0) {
      for (let i = 0; i < count; i++) {
        out[i] = (spec.kind === 'train'
          ? evalTrainTask(spec.cfg, spec.grid, i, spec.keepReduced)
          : evalTestTask(spec.cfg, i, spec.etaTbT, spec.etaTbV)) as R;
        onProgress?.(i + 1, count);
      }
      return out;
    }
    // Small chunks balance the load; each chunk is a contiguous index range. A chunk is sized to
    // about 2·10⁸ multiply-adds of Golub–Kahan (≈ 0.1 s), so that heavy tasks (large n·d) go one
    // or two at a time and neither worker waits long for the other at the end of a phase.
    const work = Math.max(1, spec.cfg.t * spec.cfg.d * (spec.cfg.n + spec.cfg.n1 + spec.cfg.n2) * 2);
    const byWork = Math.max(1, Math.floor(2e8 / work));
    const chunk = Math.max(1, Math.min(16, byWork, Math.ceil(count / (this.workers.length * 8))));
    const chunks: Array<[number, number]> = [];
    for (let f = 0; f < count; f += chunk) chunks.push([f, Math.min(count, f + chunk)]);
    let next = 0;
    let done = 0;
    let id = 0;
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const take = () => {
              if (next >= chunks.length) {
                w.off('message', onMessage);
                w.off('error', onError);
                resolve();
                return;
              }
              const [from, to] = chunks[next++];
              w.postMessage({ ...spec, id: id++, from, to } as PoolJob);
            };
            const onMessage = (msg: { id: number; results?: R[]; error?: string }) => {
              if (msg.error !== undefined) {
                w.off('message', onMessage);
                w.off('error', onError);
                reject(new Error(`worker failed: ${msg.error}`));
                return;
              }
              for (const r of msg.results!) out[r.index] = r;
              done += msg.results!.length;
              onProgress?.(done, count);
              take();
            };
            const onError = (e: Error) => reject(e);
            w.on('message', onMessage);
            w.on('error', onError);
            take();
          }),
      ),
    );
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}

/** Workers for a least-squares run when none are asked for: every core, at most 8. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}
