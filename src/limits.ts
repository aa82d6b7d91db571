import { availableParallelism } from 'node:os';
import { InputError } from './errors.js';

/**
 * Every size and count a user can ask for has a stated limit, checked before anything is allocated
 * (issue 9 item 3). Each limit admits every size the papers use (wang2021 §3: d = 20, t up to 5000;
 * §4: d = 1000, n up to 10 000, 300 tasks, 25 grid points; the audit's t up to 10⁴) and keeps every
 * command under about 1 GiB. The README's "Limits" section lists them with the same reasons.
 *
 * A limit is data: the largest value, and why (what grows with it). `checkLimit` turns a violation
 * into one line naming the flag, its limit and the reason, exit 2 (errors.ts).
 */
export interface Limit {
  readonly max: number;
  readonly why: string;
}

/** Input files: a regular file of at most this many bytes (devices, FIFOs, directories refused). */
export const MAX_INPUT_BYTES: Limit = {
  max: 32 * 1024 * 1024,
  why: 'memory: the parser keeps every number as its decimal text, several times the file size; a 500x500 H with 60-digit entries is 16 MB',
};

/** Depth of nesting in an input JSON document (ours are at most 3 deep: an object of matrices). */
export const MAX_JSON_DEPTH: Limit = { max: 64, why: 'no input of ours nests deeper than 3; deeper nesting only exhausts the stack' };

/** d of a quadratic (eval, meta-train, certify-style inputs, audit --d). */
export const MAX_QUADRATIC_D: Limit = {
  max: 500,
  why: 'time and memory: the decimal reference refines a d x d eigen-decomposition at two precisions (O(d^3) decimal operations, d^2 decimals each)',
};

/** t, the unroll length (eval's "t", meta-train's "t", audit --t). */
export const MAX_T: Limit = { max: 100_000, why: 'time and memory: backpropagation keeps a tape of t steps (the papers use t <= 10^4)' };

/** t·d: the tape of one backpropagated meta-gradient holds a few vectors of d numbers per step. */
export const MAX_T_TIMES_D: Limit = { max: 20_000_000, why: 'memory: the backprop tape holds t vectors of d numbers per method (t*d <= 2e7 is about 500 MB)' };

/** Length of an η list (eval's "eta", audit --eta) and of audit --t. */
export const MAX_LIST: Limit = { max: 1000, why: 'time: every entry costs a decimal reference evaluation at two precisions' };

/** meta-train --steps. */
export const MAX_STEPS: Limit = { max: 1_000_000, why: 'memory and output: the trajectory of steps + 1 entries is kept and printed' };

/** claims --runs (cases per claim). */
export const MAX_RUNS: Limit = { max: 100_000, why: "time: every case runs a claim's check in this process; 10^5 cases of the slowest claims take hours" };

/** L2L_RUNS_SCALE (a multiplier of every claim's own run count, 59 to a few hundred). */
export const MAX_RUNS_SCALE: Limit = { max: 1000, why: 'time: 1000 times the default run counts already takes days for the whole ledger' };

/** audit --family (seeded Wishart cases). */
export const MAX_AUDIT_FAMILY: Limit = { max: 100, why: 'time: each case is a whole audit grid (minutes per case)' };

/** tbt-tbv --d, --n, and their product (one task's design matrix X is n x d doubles, per worker). */
export const MAX_LS_D: Limit = { max: 100_000, why: 'memory: each task holds vectors of d doubles' };
export const MAX_LS_N: Limit = { max: 100_000, why: 'memory: each task holds n samples' };
export const MAX_LS_D_TIMES_N: Limit = {
  max: 10_000_000,
  why: "memory: one task's n x d design matrix is 8*n*d bytes per worker (the paper's largest, d = 1000 and n = 10 000, is exactly 1e7)",
};
/** tbt-tbv --t (Golub-Kahan steps per task keep t vectors of d and of n doubles). */
export const MAX_LS_T: Limit = { max: 10_000, why: 'memory: t Golub-Kahan steps keep t vectors of length d and n per task (the paper uses t = 40)' };
export const MAX_LS_T_TIMES_DN: Limit = { max: 50_000_000, why: 'memory: t*(d + n) doubles of Golub-Kahan vectors per worker (400 MB)' };
/** tbt-tbv --tasks, --test-tasks, and the η grid's COUNT. */
export const MAX_TASKS: Limit = { max: 100_000, why: 'time: every task is sampled and factorised (the paper uses 300)' };
export const MAX_TEST_TASKS: Limit = { max: 10_000, why: 'time: every test task is sampled and trained at both step sizes (the paper uses 10)' };
export const MAX_GRID: Limit = { max: 1000, why: 'time and memory: every task is evaluated at every grid point (the paper uses 25)' };

/** --workers: at most the cores this machine has (more threads only add memory, one task each). */
export function maxWorkers(): Limit {
  return { max: Math.max(1, availableParallelism()), why: 'the number of cores of this machine: more threads only add memory' };
}

/** Lists of sizes or noise levels (fig-rmse-vs-sigma --sigmas, fig-rmse-vs-n --ns) and nqm's T list. */
export const MAX_FIGURE_POINTS: Limit = { max: 100, why: 'time: every point is a whole tbt-tbv run' };

/** d of the noisy quadratic model (nqm: A's spectrum at 80 digits, the loss by doubling at 60 digits). */
export const MAX_NQM_D: Limit = {
  max: 100,
  why: 'time: A\'s spectrum at 80 digits and the exact loss are O(d^3) decimal work, 37 CPU seconds at d = 40 and about 13 CPU minutes at d = 100',
};

/** Output path names (a single component, and a whole path). */
export const MAX_NAME_BYTES = 255;
export const MAX_PATH_BYTES = 4096;

/** One line naming the flag, the value, its limit and why; exit 2. */
export function checkLimit(flag: string, value: number, limit: Limit, what = ''): void {
  if (value > limit.max) {
    throw new InputError(flag, `${what ? `${what} ` : ''}is ${value}, above the limit ${limit.max} (${limit.why})`);
  }
}

/** Every limit, for the README and for a spec that checks each one is stated. */
export const ALL_LIMITS: Record<string, Limit> = {
  MAX_INPUT_BYTES,
  MAX_JSON_DEPTH,
  MAX_QUADRATIC_D,
  MAX_T,
  MAX_T_TIMES_D,
  MAX_LIST,
  MAX_STEPS,
  MAX_RUNS,
  MAX_RUNS_SCALE,
  MAX_AUDIT_FAMILY,
  MAX_LS_D,
  MAX_LS_N,
  MAX_LS_D_TIMES_N,
  MAX_LS_T,
  MAX_LS_T_TIMES_DN,
  MAX_TASKS,
  MAX_TEST_TASKS,
  MAX_GRID,
  MAX_FIGURE_POINTS,
  MAX_NQM_D,
};
