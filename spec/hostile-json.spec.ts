import * as fc from 'fast-check';
import { parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { FORBIDDEN_KEYS, isExactNumber, keyPath, parseExactJson, type ExactJson } from '../src/io/json.js';

/**
 * Input JSON never changes an object's prototype (issue 9 item 2): `__proto__`, `constructor` and
 * `prototype` are refused at any depth with the key's path named, and every other document parses
 * into objects with no prototype whose own keys are exactly the document's.
 */

/** A JSON document as text, with its keys drawn partly from the names that reach a prototype. */
interface Doc {
  text: string;
  /** Paths of forbidden keys in the document (empty: a clean document). */
  forbidden: string[];
}

const keyArb = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...FORBIDDEN_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf', 'text', 'H', 't') },
  { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
);

/** A child's path p (relative to the child) seen from its parent, the child being at `at`. */
function rebase(at: string, p: string): string {
  return p.startsWith('[') || p === '' ? `${at}${p}` : `${at}.${p}`;
}

function docArb(): fc.Arbitrary<Doc> {
  const { doc } = fc.letrec<{ doc: Doc }>((tie) => ({
    doc: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<Doc>({ text: '1', forbidden: [] }, { text: '-2.5e-3', forbidden: [] }, { text: 'null', forbidden: [] }, { text: 'true', forbidden: [] }, { text: '"s"', forbidden: [] }),
      fc.array(tie('doc'), { maxLength: 4 }).map((items) => ({
        text: `[${items.map((d) => d.text).join(',')}]`,
        forbidden: items.flatMap((d, i) => d.forbidden.map((p) => rebase(`[${i}]`, p))),
      })),
      fc.uniqueArray(fc.tuple(keyArb, tie('doc')), { maxLength: 4, selector: ([k]) => k }).map((pairs) => ({
        text: `{${pairs.map(([k, d]) => `${JSON.stringify(k)}:${d.text}`).join(',')}}`,
        // paths relative to this object, in keyPath's notation ("" stands for the object itself)
        forbidden: pairs.flatMap(([k, d]) => [...(FORBIDDEN_KEYS.has(k) ? [keyPath('', k)] : []), ...d.forbidden.map((p) => rebase(keyPath('', k), p))]),
      })),
    ),
  }));
  return doc;
}

/** Every object in v has no prototype and exactly the keys the raw parse saw; nothing else changed. */
function sound(v: ExactJson, raw: unknown): void {
  if (Array.isArray(v)) {
    expect(Array.isArray(raw)).toBe(true);
    v.forEach((x, i) => sound(x, (raw as unknown[])[i]));
    return;
  }
  // numbers are our own { text } objects (Object.prototype); every object of the document has none
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === null) {
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v).sort()).toEqual(Object.keys(raw as object).sort());
    for (const k of Object.keys(v)) sound((v as Record<string, ExactJson>)[k], (raw as Record<string, unknown>)[k]);
  }
}

/** The property, for any converter: what a safe JSON reader must guarantee. */
function safeReader(convert: (text: string) => ExactJson) {
  return (d: Doc) => {
    const before = Object.getOwnPropertyNames(Object.prototype).length;
    let out: ExactJson | undefined;
    let error: unknown;
    try {
      out = convert(d.text);
    } catch (e) {
      error = e;
    }
    expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(before);
    expect(({} as Record<string, unknown>).t).toBeUndefined();
    if (d.forbidden.length > 0) {
      expect(error).toBeInstanceOf(InputError);
      const msg = (error as Error).message;
      expect(msg.split('\n')).toHaveLength(1);
      // the path of the first forbidden key in document order is named
      const named = d.forbidden.some((p) => msg.includes(`doc: ${p}:`));
      expect(named).toBe(true);
    } else {
      expect(error).toBeUndefined();
      sound(out!, parse(d.text));
    }
  };
}

describe('safe JSON input', () => {
  it('no key ever changes an object prototype; forbidden keys are refused with their path, at any depth', () => {
    fc.assert(fc.property(docArb(), safeReader((text) => parseExactJson(text, 'doc'))), { numRuns: 500, seed: 41 });
  });

  it('control: the former converter (plain assignment out[k] = v) fails the same property', () => {
    const naive = (text: string): ExactJson => {
      const conv = (v: unknown): ExactJson => {
        if (Array.isArray(v)) return v.map(conv);
        if (v !== null && typeof v === 'object' && v.constructor?.name !== 'LosslessNumber') {
          const out: Record<string, ExactJson> = {};
          for (const [k, x] of Object.entries(v)) out[k] = conv(x);
          return out;
        }
        return (typeof v === 'object' && v !== null ? { text: String(v) } : v) as ExactJson;
      };
      return conv(parse(text));
    };
    const r = fc.check(fc.property(docArb(), safeReader(naive)), { numRuns: 500, seed: 41 });
    expect(r.failed).toBe(true);
  });

  it('the issue\'s example: {"__proto__": {"t": 40}} does not supply t', () => {
    expect(() => parseExactJson('{"__proto__": {"t": 40}, "H": [[1]]}', 'case.json')).toThrow(/case\.json: __proto__: the key "__proto__" is not allowed/);
    expect(() => parseExactJson('{"H": [{"constructor": 1}]}', 'case.json')).toThrow(/H\[0\]\.constructor/);
  });

  it('an object {"text": "40"} in a file is an object, not the number 40', () => {
    const v = parseExactJson('{"t": {"text": "40"}, "u": 40}', 'x') as Record<string, ExactJson>;
    expect(isExactNumber(v.t)).toBe(false);
    expect(isExactNumber(v.u)).toBe(true);
  });

  it('a BOM is skipped, and nesting beyond the limit is one line naming the depth', () => {
    expect(parseExactJson('\ufeff{"a": 1}', 'x')).toEqual(Object.assign(Object.create(null), { a: { text: '1' } }));
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    expect(() => parseExactJson(deep, 'x')).toThrow(/nests deeper than 64 levels/);
  });
});
