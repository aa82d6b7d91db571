#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { commands } from './commands/index.js';

/**
 * l2l-verify's command line (../shared/CLI.md is the contract). Each command lives in
 * `commands/<name>.ts` and registers itself through `commands/index.ts`.
 * User errors (InputError, bad flags) print one line and exit 2; no stack trace.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('l2l-verify')
    .description('Executable checks of the theory of learned optimisers, and a precision audit of meta-gradients.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander has already printed its one-line message
    }
    if (e instanceof InputError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 3;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 3;
  },
);
