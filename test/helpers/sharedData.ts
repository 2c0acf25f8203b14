/**
 * Locates the read-only real datasets in `../shared/data` beside the repository. Tests that
 * need them use `describeShared`, which skips with a message when the folder is absent, so a
 * user's fresh clone still passes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

const repositoryRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Absolute path of `../shared/data` beside the repository (it may not exist). */
export const sharedDataRoot = resolve(repositoryRoot, '..', 'shared', 'data');

/** Absolute path of a file or folder inside `../shared/data`. */
export function sharedPath(...parts: string[]): string {
  return join(sharedDataRoot, ...parts);
}

/** True when `../shared/data/<parts>` exists. */
export function hasShared(...parts: string[]): boolean {
  return existsSync(sharedPath(...parts));
}

/**
 * `describe` that runs when `../shared/data/<parts>` exists and otherwise registers one skipped
 * test whose name says what is missing.
 */
export function describeShared(parts: string[], name: string, body: () => void): void {
  if (hasShared(...parts)) {
    describe(name, body);
  } else {
    // The body is not run: it may read the missing files while the tests are collected.
    describe(name, () => {
      it.skip(`skipped: ../shared/data/${parts.join('/')} not found`, () => undefined);
    });
  }
}

/** Absolute path of the repository root. */
export const repoRoot = repositoryRoot;
