export * from './rng.js';
export * from './task.js';
export * from './simulate.js';
export * from './krylov.js';
export * from './grid.js';
export * from './tasks.js';
export * from './experiment.js';
export { TaskPool } from './pool.js';
