import { parentPort } from 'node:worker_threads';
import { runJob, type MnistJob } from './jobs.js';

/** Worker-thread entry of the MNIST pool (src/networks/pool.ts): runs one job at a time. */
parentPort!.on('message', (job: MnistJob) => {
  try {
    parentPort!.postMessage({ result: runJob(job) });
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e).split('\n')[0] });
  }
});
