/**
 * Checks of values read from JSON files (study files, configs): each returns the value with its
 * type narrowed, or throws an InputError naming the file and field, what was expected and what
 * was found.
 */
import { InputError } from './errors.js';

/** Where a JSON value sits: its file and its field path (e.g. `tasks[0].label`). */
export interface JsonField {
  file: string;
  field: string;
}

export function asObject(value: unknown, at: JsonField): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`expected an object, found ${describeJson(value)}`, at);
  }
  return value as Record<string, unknown>;
}

export function asString(value: unknown, at: JsonField): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`expected a non-empty string, found ${describeJson(value)}`, at);
  }
  return value;
}

export function asBoolean(value: unknown, at: JsonField): boolean {
  if (typeof value !== 'boolean')
    throw new InputError(`expected true or false, found ${describeJson(value)}`, at);
  return value;
}

export function numberIn(value: unknown, low: number, high: number, at: JsonField): number {
  if (typeof value !== 'number' || !(value > low && value < high)) {
    throw new InputError(
      `expected a number between ${low} and ${high}, found ${describeJson(value)}`,
      at,
    );
  }
  return value;
}

export function integerIn(value: unknown, low: number, high: number, at: JsonField): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) {
    throw new InputError(
      `expected an integer from ${low} to ${high}, found ${describeJson(value)}`,
      at,
    );
  }
  return value;
}

/** A short rendering of a found value for error messages. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value)?.slice(0, 60) ?? String(value);
}
