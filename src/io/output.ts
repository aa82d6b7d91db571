import { accessSync, constants, mkdirSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { MAX_NAME_BYTES, MAX_PATH_BYTES } from '../limits.js';

/** The suffix writeFileAtomic adds for its temporary sibling (`.<pid>.tmp`); names leave room for it. */
const TMP_SUFFIX_BYTES = 24;

/**
 * Never half-written: write a sibling temporary file, then rename it over the target. On any failure
 * the temporary file is removed (issue 9: `*.tmp` files were left behind) and the error is one line
 * naming the path.
 */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed: nothing to clean
    }
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(path, `cannot be written (${code ?? (e as Error).message}); give a writable path`);
  }
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return null; // a component is a file: reported by the ancestor walk below
    throw e;
  }
}

function checkName(flag: string, path: string): void {
  if (path === '') throw new InputError(flag, 'is empty; give a path');
  if (path.includes('\0')) throw new InputError(flag, 'contains a NUL byte; give a plain path');
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_PATH_BYTES) throw new InputError(flag, `is ${bytes} bytes long, above the limit ${MAX_PATH_BYTES} (the system's PATH_MAX)`);
  for (const part of path.split(sep)) {
    const b = Buffer.byteLength(part);
    if (b > MAX_NAME_BYTES - TMP_SUFFIX_BYTES) {
      throw new InputError(flag, `has a name of ${b} bytes ("${part.slice(0, 24)}..."), above the limit ${MAX_NAME_BYTES - TMP_SUFFIX_BYTES} (the system's NAME_MAX of ${MAX_NAME_BYTES}, less room for the temporary file)`);
    }
  }
}

/**
 * The nearest ancestor of `p` that exists must be a directory we may write into: everything below it
 * is created by the write. Reports a path that runs through a file ("under a file").
 */
function checkCreatable(flag: string, p: string, what: string): void {
  let cur = resolve(p);
  for (;;) {
    const parent = dirname(cur);
    const st = statOrNull(parent);
    if (st) {
      if (!st.isDirectory()) throw new InputError(flag, `"${p}" lies under "${parent}", which is not a directory; give a path in a directory`);
      try {
        accessSync(parent, constants.W_OK | constants.X_OK);
      } catch {
        throw new InputError(flag, `cannot create ${what} "${p}": "${parent}" is not writable; give a writable location`);
      }
      return;
    }
    if (parent === cur) throw new InputError(flag, `"${p}" has no existing ancestor directory`);
    cur = parent;
  }
}

/**
 * `--out DIR` (audit, report): checked before the work starts (issue 9 item 4). DIR is an existing
 * writable directory, or a path we can create (its nearest existing ancestor is a writable
 * directory). Refused: an empty string, an existing non-directory, a path under a file, over-long names.
 */
export function validateOutputDir(flag: string, dir: string): void {
  checkName(flag, dir);
  const st = statOrNull(dir);
  if (st) {
    if (!st.isDirectory()) throw new InputError(flag, `"${dir}" exists and is not a directory; give a directory (it is created if missing)`);
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
    } catch {
      throw new InputError(flag, `directory "${dir}" is not writable; give a writable directory`);
    }
    return;
  }
  checkCreatable(flag, dir, 'the directory');
}

/**
 * `--out FILE` (claims, reproduce, fig-rmse-*): checked before the work starts. FILE is a regular
 * file (replaced atomically) or a new name; its parent is a directory, or can be created in one.
 * Refused: an empty string, a directory, a device or FIFO (a rename would replace the node itself),
 * a trailing slash, a path under a file, over-long names.
 */
export function validateOutputFile(flag: string, file: string): void {
  checkName(flag, file);
  if (file.endsWith(sep) || basename(file) === '.' || basename(file) === '..') {
    throw new InputError(flag, `"${file}" names a directory; give a file name`);
  }
  const st = statOrNull(file);
  if (st) {
    if (st.isDirectory()) throw new InputError(flag, `"${file}" is a directory; give a file path`);
    if (!st.isFile()) throw new InputError(flag, `"${file}" exists and is not a regular file (a device, FIFO or socket); give a file path`);
  }
  checkCreatable(flag, file, 'the file');
}

/** One JSON document on stdout and nothing else there (CLI.md `--json`). */
export function printJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

/** A plain fixed-width table for people. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, j) => (c ?? '').padEnd(widths[j])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
