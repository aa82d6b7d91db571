import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { parse, isLosslessNumber, type LosslessNumber } from 'lossless-json';
import { InputError } from '../errors.js';
import { MAX_INPUT_BYTES, MAX_JSON_DEPTH } from '../limits.js';

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

/**
 * A number of ours is a plain `{ text }` object; an object read from a file has no prototype
 * (convert below), so a document's own `{"text": "40"}` is never taken for the number 40.
 */
export function isExactNumber(v: unknown): v is ExactNumber {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) !== null && 'text' in v && typeof (v as { text: unknown }).text === 'string' && Object.keys(v).length === 1;
}

/**
 * Keys that name, or reach, an object's prototype. `out[k] = v` with k = "__proto__" would call the
 * setter and make v the prototype (issue 9: `{"__proto__": {"t": 40}}` supplied t); "constructor" and
 * "prototype" are refused too: no input of ours has them, and code reading `obj.constructor` must never
 * see user data. Refused, not kept as data, so a misspelt file fails loudly.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A key's path as a reader writes it: H[0].w0, or ["odd key"] when the key is not an identifier. */
export function keyPath(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function convert(v: unknown, path: string, depth: number): ExactJson {
  if (depth > MAX_JSON_DEPTH.max) throw new InputError(path, `nests deeper than ${MAX_JSON_DEPTH.max} levels (${MAX_JSON_DEPTH.why})`);
  if (isLosslessNumber(v)) return { text: (v as LosslessNumber).value };
  if (Array.isArray(v)) return v.map((x, i) => convert(x, `${path}[${i}]`, depth + 1));
  if (v !== null && typeof v === 'object') {
    // no prototype at all: no key can reach Object.prototype, and `in` sees only the file's keys
    const out = Object.create(null) as { [k: string]: ExactJson };
    for (const k of Object.keys(v)) {
      const where = keyPath(path, k);
      if (FORBIDDEN_KEYS.has(k)) throw new InputError(where, `the key "${k}" is not allowed in input JSON (it names an object's prototype); remove it`);
      out[k] = convert((v as Record<string, unknown>)[k], where, depth + 1);
    }
    return out;
  }
  return v as ExactJson;
}

export function parseExactJson(text: string, source: string): ExactJson {
  let raw: unknown;
  try {
    // lossless-json defines "__proto__" as an own property (never through the setter); convert refuses it
    raw = parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new InputError(source, `malformed JSON (${msg}); fix the file so that it is valid JSON`);
  }
  try {
    return convert(raw, '', 0);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(source, e.message);
    throw new InputError(source, `cannot be read as JSON (${(e as Error).message}); fix the file`);
  }
}

/**
 * Reads an input file, refusing anything but a regular file under MAX_INPUT_BYTES before reading a
 * byte: /dev/zero would grow without end and a FIFO would block forever (issue 9). O_NONBLOCK makes
 * opening a FIFO return at once (a read-only open of a FIFO otherwise waits for a writer); fstat on
 * the open descriptor then decides, so the file checked is the file read.
 */
export function readInputFile(path: string, field = '--input'): string {
  const fd = openInput(path, field);
  try {
    const size = checkStat(fd, path, field);
    // read at most one byte past the limit: a file growing while we read is still bounded
    const buf = Buffer.allocUnsafe(Math.min(size, MAX_INPUT_BYTES.max) + 1);
    let n = 0;
    for (;;) {
      const k = readSync(fd, buf, n, buf.length - n, null);
      if (k === 0) break;
      n += k;
      if (n === buf.length) {
        if (n > MAX_INPUT_BYTES.max) throw new InputError(field, `"${path}" grew past the limit ${MAX_INPUT_BYTES.max} bytes while being read (${MAX_INPUT_BYTES.why})`);
        break;
      }
    }
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(field, `cannot read "${path}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of a readable JSON file`);
  } finally {
    closeSync(fd);
  }
}

/** A path that must name a regular file under the input limit (e.g. audit --module), checked without reading it. */
export function checkInputFile(path: string, field: string): void {
  const fd = openInput(path, field);
  try {
    checkStat(fd, path, field);
  } finally {
    closeSync(fd);
  }
}

function openInput(path: string, field: string): number {
  if (path === '') throw new InputError(field, 'is empty; give the path of a file');
  try {
    return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new InputError(field, `cannot read "${path}" (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give the path of an existing file`);
  }
}

function checkStat(fd: number, path: string, field: string): number {
  const st = fstatSync(fd);
  if (!st.isFile()) {
    const kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO (named pipe)' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
    throw new InputError(field, `"${path}" is ${kind}; give the path of a regular file`);
  }
  if (st.size > MAX_INPUT_BYTES.max) {
    throw new InputError(field, `"${path}" has ${st.size} bytes, above the limit ${MAX_INPUT_BYTES.max} (${MAX_INPUT_BYTES.why})`);
  }
  return st.size;
}

export function readExactJson(path: string, field = '--input'): ExactJson {
  return parseExactJson(readInputFile(path, field), `${field} ${path}`);
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
