/**
 * Errors caused by what the user gave us (files, flags, configuration), as opposed to bugs.
 * The CLI prints an InputError's message without a stack trace and exits with status 2.
 */

/** Where in the input a problem was found. Every field is optional; give what is known. */
export interface InputLocation {
  /** Path of the file, as the user named it. */
  file?: string;
  /** 1-based row (line) number in a text file, counting the header as row 1. */
  row?: number;
  /** Column, field or key name. */
  field?: string;
  /** 0-based byte offset in a binary file. */
  byteOffset?: number;
}

/** A problem with the input that the user can act on. */
export class InputError extends Error {
  readonly location: InputLocation;
  readonly problem: string;

  constructor(problem: string, location: InputLocation = {}) {
    super(formatInputError(problem, location));
    this.name = 'InputError';
    this.problem = problem;
    this.location = location;
  }
}

/** "file.csv, row 12, column 'latency': expected a number, found 'abc'". */
export function formatInputError(problem: string, location: InputLocation): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.row !== undefined) parts.push(`row ${location.row}`);
  if (location.byteOffset !== undefined) parts.push(`byte ${location.byteOffset}`);
  if (location.field !== undefined) parts.push(`field '${location.field}'`);
  return parts.length === 0 ? problem : `${parts.join(', ')}: ${problem}`;
}

/** True for errors whose message is meant for the user (no stack trace needed). */
export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
