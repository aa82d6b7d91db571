export { Rng, createRng, derive } from './rng.js';
