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
    // commander's own error text is replaced by usageLine() below (one line naming the cause); help still prints
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} })
    .showHelpAfterError(false);
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      process.stderr.write(`${usageLine(program, argv.slice(2), e)}\n`);
      return 2;
    }
    if (e instanceof InputError) {
      process.stderr.write(`error: ${oneLine(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 3;
  }
}

/** A message on one line: commander and some libraries put a suggestion or a detail on a second line. */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l, i) => (i === 0 ? l : l.replace(/^\((.*)\)$/, '$1').replace(/^Did you mean/, 'did you mean')))
    .join('; ');
}

/** The command named on the command line (its first operand), if any. */
function subcommandOf(program: Command, args: string[]): { cmd: Command; rest: string[] } | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('-')) continue;
    const cmd = program.commands.find((c) => c.name() === args[i] || c.aliases().includes(args[i]));
    return cmd ? { cmd, rest: args.slice(i + 1) } : undefined;
  }
  return undefined;
}

/**
 * One line naming the cause of a usage error (issue 9 item 5). Commander checks required options
 * before unknown ones, so `eval --foo` blamed the missing --input: an unknown option is looked for
 * first. A stray positional is named; `--json=1` says that --json takes no value.
 */
export function usageLine(program: Command, args: string[], e: CommanderError): string {
  const sub = subcommandOf(program, args);
  if (sub && (e.code === 'commander.missingMandatoryOptionValue' || e.code === 'commander.unknownOption' || e.code === 'commander.excessArguments')) {
    const { cmd, rest } = sub;
    // the flags written, skipping each value-taking option's value (`--seed -5` is not a flag '-5')
    const flags: string[] = [];
    for (let i = 0; i < rest.length && rest[i] !== '--'; i++) {
      const a = rest[i];
      if (!a.startsWith('-') || a === '-') continue;
      flags.push(a);
      const o = cmd.options.find((x) => x.long === a || x.short === a);
      if (o && o.required) i++;
    }
    const known = cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
    const unknown = flags.find((f) => !known.includes(f.split('=')[0]) && f !== '--help' && f !== '-h');
    if (unknown !== undefined) return `error: ${cmd.name()}: unknown option '${unknown}'${suggest(unknown, known)}`;
    const valued = flags.find((f) => {
      const [name] = f.split('=');
      const o = cmd.options.find((x) => x.long === name);
      return f.includes('=') && o !== undefined && !o.required && !o.optional;
    });
    if (valued !== undefined) {
      const name = valued.split('=')[0];
      return `error: ${cmd.name()}: ${name} takes no value, got '${valued}'; write ${name} alone`;
    }
    if (e.code === 'commander.excessArguments') {
      const stray = cmd.args.slice(cmd.registeredArguments.length);
      const takes = cmd.registeredArguments.length === 0 ? 'takes no positional arguments' : `takes ${cmd.registeredArguments.length} positional argument(s)`;
      return `error: ${cmd.name()}: unexpected argument${stray.length > 1 ? 's' : ''} ${stray.map((a) => `'${a}'`).join(' ')} (${cmd.name()} ${takes}; every value follows its --flag)`;
    }
  }
  if (e.code === 'commander.unknownCommand') {
    const line = oneLine(e.message);
    return line.includes('did you mean') ? `${line}` : `${line}; run l2l-verify --help for the commands`;
  }
  const line = oneLine(e.message);
  return line.startsWith('error:') ? line : `error: ${line}`;
}

/** "; did you mean --x?" for the closest known flag within two edits, as commander suggests commands. */
function suggest(flag: string, known: string[]): string {
  const name = flag.split('=')[0];
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const dist = editDistance(name, k);
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best ? `; did you mean ${best}?` : '; run with --help for the options';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
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
