/**
 * Shared pieces of the parser fuzz tests: byte- and text-level mutations of a valid seed
 * (truncation, bit flips, overwritten and inserted bytes, numeric header fields replaced by
 * huge, negative, empty or non-numeric text), JSON-level mutations (a value anywhere in the
 * document replaced by a wrong type, a huge number, an empty or a huge value), and the one
 * property every parser must keep: it returns, or throws an InputError; never another error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { InputError } from '../../src/util/errors.js';

/** Cases per property: enough to hit each mutation kind many times, small enough for seconds. */
export const RUNS = Number(process.env.IATBAYES_FUZZ_RUNS ?? 150);

/** Texts that break numeric or count fields: huge, negative, empty, not numbers. */
export const HOSTILE_TEXTS = ['99999999', '-1', '0', '', ' ', 'nan', 'NaN', '1e308', '-1e308',
  'Infinity', '1e-320', '0x10', '2147483648', '4294967297', '\u0000', 'é', '=cmd', '"'];

/** A mutation of bytes, with a description for the failure message. */
export interface Mutation {
  describe: string;
  apply(seed: Uint8Array): Uint8Array;
}

const truncation = fc.double({ min: 0, max: 1, noNaN: true }).map((fraction): Mutation => ({
  describe: `truncate at ${fraction.toFixed(4)}`,
  apply: (seed) => seed.slice(0, Math.floor(seed.length * fraction)),
}));

const bitFlips = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }).map((flips): Mutation => ({
  describe: `flip bits ${flips.map(([at, bit]) => `${at.toFixed(4)}:${bit}`).join(',')}`,
  apply: (seed) => {
    const out = seed.slice();
    for (const [at, bit] of flips) {
      const k = Math.floor(at * out.length);
      if (k < out.length) out[k] = out[k]! ^ (1 << bit);
    }
    return out;
  },
}));

const overwrite = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.boolean()).map(([at, bytes, insert]):
  Mutation => ({
  describe: `${insert ? 'insert' : 'overwrite'} ${bytes.length} bytes at ${at.toFixed(4)}`,
  apply: (seed) => {
    const k = Math.floor(at * seed.length);
    if (insert) return new Uint8Array([...seed.subarray(0, k), ...bytes, ...seed.subarray(k)]);
    const out = seed.slice();
    out.set(bytes.subarray(0, Math.max(0, out.length - k)), k);
    return out;
  },
}));

/** Replaces the ASCII run around a random position by a hostile text padded to its width. */
const hostileField = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  fc.constantFrom(...HOSTILE_TEXTS)).map(([at, text]): Mutation => ({
  describe: `field at ${at.toFixed(4)} := ${JSON.stringify(text)}`,
  apply: (seed) => {
    const out = seed.slice();
    const k = Math.floor(at * out.length);
    const printable = (b: number | undefined): boolean => b !== undefined && b > 32 && b < 127;
    let start = k;
    while (start > 0 && printable(out[start - 1])) start--;
    let end = k;
    while (end < out.length && printable(out[end])) end++;
    const width = Math.max(end - start, 1);
    const bytes = Buffer.from(text.padEnd(width, ' ').slice(0, width), 'latin1');
    out.set(bytes.subarray(0, out.length - start), start);
    return out;
  },
}));

/** One or more byte mutations applied in turn. */
export const byteMutation: fc.Arbitrary<Mutation> = fc.array(
  fc.oneof(truncation, bitFlips, overwrite, hostileField), { minLength: 1, maxLength: 3 },
).map((steps) => ({
  describe: steps.map((s) => s.describe).join(' then '),
  apply: (seed) => steps.reduce((bytes, step) => step.apply(bytes), seed),
}));

/** Values that a JSON field should not hold. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -1e308, 1e-320, 2 ** 53 + 2, 0.5,
    '', ' ', 'x', '-1', '1e308', [], {}, [[]], [null], { '': null }, 'a'.repeat(100_000),
    Array.from({ length: 10_000 }, () => 1)),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A JSON document with one value replaced or deleted, and which. */
export interface JsonMutant {
  describe: string;
  document: unknown;
}

/**
 * Replaces (or deletes) the value at a random path of `document`: the path descends through
 * objects and arrays, choosing among the keys present, and stops at a leaf or its length.
 */
export function jsonMutation(document: unknown): fc.Arbitrary<JsonMutant> {
  return fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), hostileJsonValue,
    fc.boolean()).map(([choices, value, remove]) => {
    const copy = structuredClone(document);
    const shown = (v: unknown): string => (JSON.stringify(v) ?? 'undefined').slice(0, 60);
    let node = copy;
    const path: string[] = [];
    for (let depth = 0; depth < choices.length; depth++) {
      if (node === null || typeof node !== 'object') break;
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = keys[choices[depth]! % keys.length]!;
      path.push(key);
      const child = (node as Record<string, unknown>)[key];
      if (depth === choices.length - 1 || child === null || typeof child !== 'object') {
        if (remove && !Array.isArray(node)) {
          delete (node as Record<string, unknown>)[key];
          return { describe: `delete ${path.join('.')}`, document: copy };
        }
        (node as Record<string, unknown>)[key] = value;
        return { describe: `set ${path.join('.')} := ${shown(value)}`, document: copy };
      }
      node = child;
    }
    if (path.length === 0) {
      return { describe: `replace the document by ${shown(value)}`, document: value };
    }
    return { describe: `unchanged (${path.join('.')})`, document: copy };
  });
}

/** Tally of what the parser did with the cases. */
export interface Tally {
  accepted: number;
  refused: number;
}

/** Runs `parse`; records acceptance or an InputError, rethrows anything else with `what`. */
export function expectReturnOrInputError(tally: Tally, what: string, parse: () => unknown): void {
  try {
    parse();
    tally.accepted++;
  } catch (error) {
    if (error instanceof InputError) { tally.refused++; return; }
    throw new Error(`${what}: ${(error as Error)?.name}: ${(error as Error)?.message}`,
      { cause: error });
  }
}

/** Async version of expectReturnOrInputError. */
export async function expectResolveOrInputError(tally: Tally, what: string,
  parse: () => Promise<unknown>): Promise<void> {
  try {
    await parse();
    tally.accepted++;
  } catch (error) {
    if (error instanceof InputError) { tally.refused++; return; }
    throw new Error(`${what}: ${(error as Error)?.name}: ${(error as Error)?.message}`,
      { cause: error });
  }
}

/** Prints the number of cases tried (the issue asks for it in the test output). */
export function report(name: string, tally: Tally): void {
  console.log(`fuzz ${name}: ${tally.accepted + tally.refused} cases, ${tally.accepted} accepted, `
    + `${tally.refused} refused with InputError`);
}

/** A fresh temporary folder, removed by the returned function. */
export function scratch(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'iatbayes-fuzz-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const newTally = (): Tally => ({ accepted: 0, refused: 0 });
