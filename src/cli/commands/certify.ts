import type { Command } from 'commander';
import { Decimal } from 'decimal.js';
import { certify, asExpected, type CertifyOptions } from '../../certify/index.js';
import { InputError } from '../../errors.js';
import { readExactJson } from '../../io/json.js';
import { isUnitNorm, parseQuadraticCase } from '../../quadratic/input.js';
import { formatTable, printJson, warn } from '../output.js';

/** A decimal text for --epsilon / --mhat: finite and > 0 (read exactly as written). */
function positiveDecimal(text: string, field: string): string {
  let x: Decimal;
  try {
    x = new Decimal(text.trim());
  } catch {
    throw new InputError(field, `must be a decimal number, got ${JSON.stringify(text)}`);
  }
  if (!x.isFinite() || !x.isPos() || x.isZero()) throw new InputError(field, `must be a finite number > 0, got ${text}`);
  return text.trim();
}

export function registerCertify(program: Command): void {
  program
    .command('certify')
    .description("Prove wang2021's Section 3 claims for one quadratic over whole eta ranges, with directed rounding (or refute them with a witness)")
    .requiredOption('--input <file>', 'case.json as for eval (its "eta" field is ignored; numbers mean exactly what is written)')
    .option('--claims <ids>', 'comma-separated claim or control ids (default: the five Section 3 claims)')
    .option('--epsilon <x>', "Claim 3's epsilon (default 1/(2L))")
    .option('--mhat <x>', "Claim 3's M-hat (default 2/alpha)")
    .option('--json', 'print one JSON document on stdout (CLI.md)')
    .action((opts: { input: string; claims?: string; epsilon?: string; mhat?: string; json?: boolean }) => {
      const c = parseQuadraticCase(readExactJson(opts.input), { requireEta: false });
      if (!isUnitNorm(c.w0)) warn('w0 is not of unit norm; it is normalised (the claims assume ||w0|| = 1)');
      const options: CertifyOptions = {};
      if (opts.claims !== undefined) {
        const ids = opts.claims.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
        if (ids.length === 0) throw new InputError('--claims', 'names no claim');
        options.claims = ids;
      }
      if (opts.epsilon !== undefined) options.epsilon = positiveDecimal(opts.epsilon, '--epsilon');
      if (opts.mhat !== undefined) options.mhat = positiveDecimal(opts.mhat, '--mhat');
      const { document, eigenSeconds, epsilon, mhat, precisionUsed } = certify({ H: c.H, w0: c.w0, t: c.t }, options);
      for (const r of document.claims) {
        // a hypothesis the user's flag broke (proved false for this H) is a user error, not a verdict
        if (r.vacuous && /epsilon/.test(r.vacuous)) throw new InputError('--epsilon', r.vacuous);
        if (r.vacuous && /mhat/.test(r.vacuous)) throw new InputError('--mhat', r.vacuous);
      }
      const ok = asExpected(document.claims);
      if (opts.json) {
        printJson({
          eigen: document.eigen,
          etaStar: document.etaStar,
          supAbsDG: document.supAbsDG,
          claims: document.claims.map(({ id, verdict, range, witness, boxes, seconds }) => ({ id, verdict, range, witness, boxes, seconds })),
        });
      } else {
        const e = document.eigen;
        process.stdout.write(
          `L in [${e.L.lo}, ${e.L.hi}]   alpha in [${e.alpha.lo}, ${e.alpha.hi}]   c_min in [${e.cMin.lo}, ${e.cMin.hi}]   t = ${c.t}\n` +
            `eta* in ${document.etaStar ? `[${document.etaStar.lo}, ${document.etaStar.hi}]` : 'not enclosed'}\n` +
            `sup |G'| in ${document.supAbsDG ? `[${document.supAbsDG.lo}, ${document.supAbsDG.hi}] at eta = ${document.supAbsDG.argmax}` : 'not enclosed to 1%'}\n` +
            `Claim 3: epsilon = ${epsilon}, M-hat = ${mhat}; eigen-enclosure ${eigenSeconds.toFixed(2)} s; up to ${precisionUsed} digits\n\n`,
        );
        const rows = document.claims.map((r) => [
          r.id,
          r.verdict + (r.verdict === (r.control ? 'refuted' : 'proved') ? '' : ' (unexpected)'),
          r.range,
          r.witness ?? '',
          String(r.boxes),
          r.seconds.toFixed(2),
          r.supTightness ? `[${r.supTightness[0].toPrecision(4)}, ${r.supTightness[1].toPrecision(4)}]` : r.tightness === null ? '' : r.tightness.toPrecision(4),
          r.detail.length > 100 ? r.detail.slice(0, 97) + '...' : r.detail,
        ]);
        process.stdout.write(formatTable(['claim', 'verdict', 'range', 'witness', 'boxes', 'seconds', 'tightness', 'detail'], rows) + '\n');
      }
      process.exitCode = ok ? 0 : 1;
    });
}
