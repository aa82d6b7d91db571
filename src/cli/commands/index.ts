import type { Command } from 'commander';

/** Every command registers itself here; keep the list in the order `--help` shows. */
export const commands: Array<(program: Command) => void> = [];
