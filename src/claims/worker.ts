import { parentPort } from 'node:worker_threads';
import { runLedgerEntry } from './ledger.js';
import type { ClaimJob } from './pool.js';
import type { ClaimDefinition } from './types.js';

/**
 * Worker-thread entry of the ledger's pool: looks the claim up by id in the registry module (claims
 * hold functions, which do not cross threads) and runs it exactly as the in-process ledger does.
 */
const registries = new Map<string, Promise<Map<string, ClaimDefinition<any>>>>();

function registry(url: string): Promise<Map<string, ClaimDefinition<any>>> {
  let r = registries.get(url);
  if (!r) {
    r = import(url).then((m: { allClaims: () => ClaimDefinition<any>[] }) => new Map(m.allClaims().map((c) => [c.id, c])));
    registries.set(url, r);
  }
  return r;
}

parentPort!.on('message', async (job: ClaimJob) => {
  try {
    const claim = (await registry(job.registryModule)).get(job.id);
    if (!claim) throw new Error(`claim "${job.id}" is not in ${job.registryModule}`);
    parentPort!.postMessage({ entry: await runLedgerEntry(claim, job.options) });
  } catch (e) {
    // one line, as an in-process failure reads (runClaim keeps the message)
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e).split('\n')[0] });
  }
});
