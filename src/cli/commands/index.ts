import type { Command } from 'commander';
import { registerEval } from './eval.js';
import { registerMetaTrain } from './metaTrain.js';
import { registerNqm } from './nqm.js';

/** Every command registers itself here; keep the list in the order `--help` shows. */
export const commands: Array<(program: Command) => void> = [registerEval, registerMetaTrain, registerNqm];
