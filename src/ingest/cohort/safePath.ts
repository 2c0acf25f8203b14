/**
 * Paths inside a cohort never leave its folder: names from cohort.json, participants.tsv or a
 * folder listing are refused when absolute, when they contain `..`, or when they resolve
 * (through symbolic links) to somewhere outside the cohort folder.
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError, type InputLocation } from '../../util/errors.js';

/**
 * The absolute path of `name` inside `root`, checked. `where` says where the name came from
 * (file and field) for the error message.
 */
export function resolveInside(root: string, name: string, where: InputLocation): string {
  if (name.trim() === '')
    throw new InputError('expected a relative path, found an empty name', where);
  if (isAbsolute(name) || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith('\\')) {
    throw new InputError(
      `expected a path inside the cohort folder, found the absolute path '${name}'`,
      where,
    );
  }
  if (name.split(/[\\/]/).includes('..')) {
    throw new InputError(
      `expected a path inside the cohort folder, found '..' in '${name}'`,
      where,
    );
  }
  const target = resolve(root, name);
  checkRealPathInside(root, target, name, where);
  return target;
}

/** Refuses `target` when it exists and its real path (links resolved) is outside `root`. */
export function checkRealPathInside(
  root: string,
  target: string,
  shownName: string,
  where: InputLocation,
): void {
  if (!existsSync(target)) return;
  const realRoot = realpathSync(root);
  const realTarget = realpathSync(target);
  const offset = relative(realRoot, realTarget);
  if (offset === '') return;
  if (offset.startsWith(`..${sep}`) || offset === '..' || isAbsolute(offset)) {
    throw new InputError(
      `'${shownName}' is a link to '${realTarget}', outside the cohort folder; ` +
        'expected files inside the cohort',
      where,
    );
  }
}

/** join(root, ...parts) for names the loader made itself (still link-checked). */
export function insideJoin(root: string, ...parts: string[]): string {
  const target = join(root, ...parts);
  checkRealPathInside(root, target, parts.join('/'), { file: parts.join('/') });
  return target;
}
