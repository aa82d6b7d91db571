import type { RunOptions } from '../claims/run.js';

/** How a printed failure is replayed (a claim of the registry: through the CLI). */
export type ReplayLine = (id: string, seed: number, path: string | undefined) => string;

export const cliReplay: ReplayLine = (id, seed, path) => `npx l2l-verify claims --only ${id} --seed ${seed}${path ? ` --path ${path}` : ''}`;

/** A user's claim, not in the registry: rerun the one test with L2L_REPLAY (read by claimSuite). */
export const vitestReplay: ReplayLine = (id, seed, path) => `L2L_REPLAY='${id} ${seed}${path ? ` ${path}` : ''}' npx vitest run -t '${id}'`;

/**
 * L2L_REPLAY="<claim id> <seed> [<path>]" replays one claim's printed failure under vitest
 * (fast-check's { seed, path, endOnFailure }); the other claims run as usual.
 */
export function replayFromEnv(id: string): RunOptions {
  const raw = process.env.L2L_REPLAY?.trim();
  if (!raw) return {};
  const [rid, seed, path] = raw.split(/\s+/);
  if (rid !== id) return {};
  if (!/^-?\d+$/.test(seed ?? '')) throw new RangeError(`L2L_REPLAY must be "<claim id> <seed> [<path>]", got "${raw}"`);
  return { seed: Number(seed), ...(path ? { path } : {}) };
}
