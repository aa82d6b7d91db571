import type { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { spawnWorker } from '../threads/spawn.js';
import { loadDigits } from './data.js';
import { jobKey, jobLabel, runJob, type JobResult, type MnistJob } from './jobs.js';

/**
 * Runs the MNIST experiments' jobs (src/networks/jobs.ts) on worker threads, so that both cores
 * train networks at once. A job's result depends on the job alone (every random thing in it is a
 * seeded stream named by the job), and every reduction is done by the caller in its own fixed order,
 * so results are identical for any number of workers (spec/networks-pool.spec.ts checks 1 vs 2).
 * With `workers <= 1` the jobs run in-process, one at a time, through the same `runJob`.
 *
 * Jobs are dispatched longest first (MLP meta-training, then η points, then test runs), in order of
 * submission within a kind; equal η points and SGD test runs are run once (jobKey).
 */
export interface PoolProgress {
  /** the job that just finished, its label, and jobs done / submitted so far */
  (label: string, done: number, total: number): void;
}

const PRIORITY: Record<MnistJob['kind'], number> = { 'mlp-meta': 0, eta: 1, test: 2 };

interface Pending {
  job: MnistJob;
  seq: number;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

export class MnistPool {
  private readonly queue: Pending[] = [];
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly memo = new Map<string, Promise<unknown>>();
  private seq = 0;
  private submitted = 0;
  private done = 0;
  private running = false;
  private closed = false;

  constructor(
    readonly workers: number,
    private readonly onProgress?: PoolProgress,
  ) {
    if (!Number.isInteger(workers) || workers < 0) throw new RangeError(`workers must be an integer >= 0, got ${workers}`);
  }

  private spawn(): Worker {
    // the digits in shared memory, read once by this thread for all its workers
    const w = spawnWorker(import.meta.url, 'worker', { workerData: { digits: loadDigits() } });
    this.all.push(w);
    return w;
  }

  run<J extends MnistJob>(job: J): Promise<JobResult<J>> {
    if (this.closed) return Promise.reject(new Error('the mnist pool is closed'));
    const key = jobKey(job);
    const hit = key === null ? undefined : this.memo.get(key);
    if (hit) return hit as Promise<JobResult<J>>;
    this.submitted++;
    const p = new Promise<unknown>((resolve, reject) => {
      this.queue.push({ job, seq: this.seq++, resolve, reject });
    });
    if (key !== null) this.memo.set(key, p);
    this.pump();
    return p as Promise<JobResult<J>>;
  }

  private next(): Pending | undefined {
    if (this.queue.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const a = this.queue[i];
      const b = this.queue[best];
      if (PRIORITY[a.job.kind] < PRIORITY[b.job.kind] || (PRIORITY[a.job.kind] === PRIORITY[b.job.kind] && a.seq < b.seq)) best = i;
    }
    return this.queue.splice(best, 1)[0];
  }

  private finished(p: Pending, result: unknown): void {
    this.done++;
    this.onProgress?.(jobLabel(p.job), this.done, this.submitted);
    p.resolve(result);
  }

  private pump(): void {
    if (this.workers <= 1) {
      // in-process: one job at a time, after the caller has submitted what it can (a microtask later)
      if (this.running) return;
      this.running = true;
      void (async () => {
        for (;;) {
          await new Promise((r) => setImmediate(r));
          const p = this.next();
          if (!p) break;
          try {
            this.finished(p, runJob(p.job));
          } catch (e) {
            p.reject(e as Error);
          }
        }
        this.running = false;
      })();
      return;
    }
    while (this.queue.length > 0 && (this.idle.length > 0 || this.all.length < this.workers)) {
      const w = this.idle.pop() ?? this.spawn();
      const p = this.next()!;
      const cleanup = () => {
        w.off('message', onMessage);
        w.off('error', onError);
      };
      const onMessage = (msg: { result?: unknown; error?: string }) => {
        cleanup();
        this.idle.push(w);
        if (msg.error !== undefined) p.reject(new Error(`mnist worker: ${msg.error}`));
        else this.finished(p, msg.result);
        this.pump();
      };
      const onError = (e: Error) => {
        cleanup();
        p.reject(e);
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(p.job);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the mnist pool was closed'));
    await Promise.all(this.all.map((w) => w.terminate()));
    this.all.length = 0;
    this.idle.length = 0;
  }
}

/** Worker threads for the MNIST runs when none are asked for: every core, at most 8. */
export function defaultMnistWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** Run `f` with a pool of `workers` threads and close it afterwards (also on failure). */
export async function withMnistPool<T>(workers: number, onProgress: PoolProgress | undefined, f: (pool: MnistPool) => Promise<T>): Promise<T> {
  const pool = new MnistPool(workers, onProgress);
  try {
    return await f(pool);
  } finally {
    await pool.close();
  }
}
