import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { writeFileAtomic } from '../output.js';
import { validateOutputFile } from '../output.js';
import { ledgerFromJson, mergeLedgers } from '../../claims/merge.js';
import { formatLedgerTable, ledgerDocText } from '../../claims/format.js';

/** Largest ledger file merge reads (a full ledger is well under 1 MB). */
export const MAX_LEDGER_BYTES = 64 * 1024 * 1024;

function readLedger(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a ledger file' : `cannot be read (${code ?? (e as Error).message})`);
  }
  if (text.length > MAX_LEDGER_BYTES) throw new InputError(file, `is larger than ${MAX_LEDGER_BYTES} bytes; not a ledger`);
  if (text.charCodeAt(0) === 0xfeff) throw new InputError(file, 'starts with a byte-order mark; write it as plain UTF-8 (as `claims --json` does)');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `is not valid JSON (${(e as Error).message.replace(/\s+/g, ' ').slice(0, 120)})`);
  }
}

/**
 * `merge LEDGER.json... [--json] [--out FILE]` (CLI.md "claims"): join the shard ledgers of `claims --shard I/N`
 * into the document an unsharded run prints. Exit 1 when any merged verdict differs from its
 * expected verdict (as `claims`), 130 when a shard was interrupted, 2 on bad or inconsistent input.
 */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('join the JSON ledgers of `claims --shard I/N --json` into the unsharded ledger (exit 1 when a verdict differs from its expected verdict)')
    .argument('<ledgers...>', 'the shard ledgers (JSON files written by `claims --shard I/N --json` or `--out`)')
    .option('--json', 'print the merged JSON document (CLI.md); without it, the table `claims` prints')
    .option('--out <file>', 'also write the merged JSON ledger to this file (atomically)')
    .action(async (files: string[], opts: { json?: boolean; out?: string }) => {
      if (opts.out !== undefined) validateOutputFile('--out', opts.out);
      const merged = mergeLedgers(files.map((name) => ({ name, doc: readLedger(name) })));
      const json = ledgerDocText(merged);
      if (opts.out !== undefined) writeFileAtomic(opts.out, json);
      process.stdout.write(opts.json ? json : formatLedgerTable(ledgerFromJson(merged)));
      process.exitCode = merged.claims.some((c) => c.mismatch) ? 1 : merged.interrupted ? 130 : 0;
    });
}
