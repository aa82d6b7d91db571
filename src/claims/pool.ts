import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../threads/spawn.js';
import type { EntryOptions, LedgerEntry } from './ledger.js';

/** The pool was closed (Ctrl-C twice): the claim did not finish and is named as not run. */
export class PoolStopped extends Error {
  constructor() {
    super('the claim pool was stopped');
    this.name = 'PoolStopped';
  }
}

/** What the main thread sends a worker: run claim `id` of the registry module with these options. */
export interface ClaimJob {
  registryModule: string;
  id: string;
  options: EntryOptions;
}

/**
 * Worker threads for the ledger, started lazily, one claim at a time each. The caller decides how
 * many run at once (one lane per worker); a claim's result depends only on the claim and its
 * options, never on the thread it ran on.
 */
export class ClaimPool {
  private idle: Worker[] = [];
  private live = new Set<Worker>();
  private closed = false;
  private readonly rejectors = new Set<(e: Error) => void>();

  constructor(readonly registryModule: string) {}

  private spawn(): Worker {
    const w = spawnWorker(import.meta.url, 'worker');
    this.live.add(w);
    return w;
  }

  run(id: string, options: EntryOptions): Promise<LedgerEntry> {
    if (this.closed) return Promise.reject(new PoolStopped());
    const w = this.idle.pop() ?? this.spawn();
    return new Promise<LedgerEntry>((resolve, reject) => {
      const cleanup = () => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        this.rejectors.delete(stop);
      };
      const stop = (e: Error) => {
        cleanup();
        reject(e);
      };
      const onMessage = (msg: { entry?: LedgerEntry; error?: string }) => {
        cleanup();
        this.idle.push(w);
        if (msg.error !== undefined) reject(new Error(msg.error));
        else resolve(msg.entry!);
      };
      const onError = (e: Error) => {
        cleanup();
        this.live.delete(w);
        void w.terminate();
        reject(this.closed ? new PoolStopped() : e);
      };
      const onExit = (code: number) => {
        cleanup();
        this.live.delete(w);
        reject(this.closed ? new PoolStopped() : new Error(`worker exited with code ${code}`));
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      this.rejectors.add(stop);
      w.postMessage({ registryModule: this.registryModule, id, options } satisfies ClaimJob);
    });
  }

  /** Terminate every thread; claims still running reject with PoolStopped. */
  async close(): Promise<void> {
    this.closed = true;
    for (const stop of [...this.rejectors]) stop(new PoolStopped());
    const all = [...this.live];
    this.live.clear();
    this.idle = [];
    await Promise.all(all.map((w) => w.terminate()));
  }
}
