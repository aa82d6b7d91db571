import { parentPort, workerData } from 'node:worker_threads';
import { adoptDigits, type Digits } from './data.js';
import { runJob, type MnistJob } from './jobs.js';

// the pool's thread read the digits into shared memory: use them (no second copy, no second parse)
const shared = (workerData as { digits?: Digits } | undefined)?.digits;
if (shared) adoptDigits(shared);

/** Worker-thread entry of the MNIST pool (src/networks/pool.ts): runs one job at a time. */
parentPort!.on('message', (job: MnistJob) => {
  try {
    parentPort!.postMessage({ result: runJob(job) });
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e).split('\n')[0] });
  }
});
