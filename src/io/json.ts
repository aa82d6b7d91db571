import { readFileSync } from 'node:fs';
import { parse, isLosslessNumber, type LosslessNumber } from 'lossless-json';
import { InputError } from '../errors.js';

/**
 * Input numbers mean exactly what is written (CLI.md): JSON is read with lossless-json, and every
 * number is kept as its decimal text. Float methods round that text to the nearest double/float;
 * the arbitrary-precision reference uses the text itself.
 */
export type ExactJson = null | boolean | string | ExactNumber | ExactJson[] | { [k: string]: ExactJson };
/** A JSON number, as written. */
export interface ExactNumber {
  readonly text: string;
}

export function isExactNumber(v: unknown): v is ExactNumber {
  return typeof v === 'object' && v !== null && 'text' in v && Object.keys(v).length === 1;
}

function convert(v: unknown): ExactJson {
  if (isLosslessNumber(v)) return { text: (v as LosslessNumber).value };
  if (Array.isArray(v)) return v.map(convert);
  if (v !== null && typeof v === 'object') {
    const out: { [k: string]: ExactJson } = {};
    for (const [k, x] of Object.entries(v)) out[k] = convert(x);
    return out;
  }
  return v as ExactJson;
}

export function parseExactJson(text: string, source: string): ExactJson {
  try {
    return convert(parse(text));
  } catch (e) {
    throw new InputError(source, `malformed JSON (${(e as Error).message}); fix the file so that it is valid JSON`);
  }
}

export function readExactJson(path: string, field = '--input'): ExactJson {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(field, `cannot read "${path}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of an existing JSON file`);
  }
  return parseExactJson(text, `${field} ${path}`);
}

export function asObject(v: ExactJson, field: string): { [k: string]: ExactJson } {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || isExactNumber(v)) {
    throw new InputError(field, 'must be a JSON object');
  }
  return v as { [k: string]: ExactJson };
}

/** A finite number's decimal text. */
export function asNumberText(v: ExactJson | undefined, field: string): string {
  if (v === undefined) throw new InputError(field, 'is missing; add it');
  if (!isExactNumber(v)) throw new InputError(field, `must be a number, got ${JSON.stringify(v)}`);
  return v.text;
}

export function asNumberArray(v: ExactJson | undefined, field: string): string[] {
  if (v === undefined) throw new InputError(field, 'is missing; add it');
  if (!Array.isArray(v)) throw new InputError(field, 'must be an array of numbers');
  return v.map((x, i) => asNumberText(x, `${field}[${i}]`));
}

export function asMatrix(v: ExactJson | undefined, field: string): string[][] {
  if (v === undefined) throw new InputError(field, 'is missing; add it');
  if (!Array.isArray(v)) throw new InputError(field, 'must be an array of rows (number[][])');
  return v.map((row, i) => asNumberArray(row, `${field}[${i}]`));
}

export function asInteger(v: ExactJson | undefined, field: string, min: number): number {
  const text = asNumberText(v, field);
  const x = Number(text);
  if (!/^[+-]?\d+(\.0*)?([eE][+]?\d+)?$/.test(text) || !Number.isSafeInteger(x) || x < min) {
    throw new InputError(field, `must be an integer >= ${min}, got ${text}`);
  }
  return x;
}
