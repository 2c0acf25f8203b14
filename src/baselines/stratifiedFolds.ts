/**
 * Stratified fold assignment: each class is shuffled separately and dealt round-robin into k
 * folds (class 0 first, then class 1 continuing where class 0 stopped), so every fold holds
 * floor or ceil of each class's share and the fold sizes differ by at most one.
 */
import { shuffleInPlace, type Rng } from '../util/rng.js';

/** Fold index (0..k-1) of each participant, from 0/1 labels and a seeded rng. */
export function stratifiedFoldOf(labels: ArrayLike<number>, folds: number, rng: Rng): Int32Array {
  if (!Number.isInteger(folds) || folds < 2 || folds > labels.length) {
    throw new RangeError(`folds must be an integer in [2, ${labels.length}], got ${folds}`);
  }
  const foldOf = new Int32Array(labels.length);
  let position = 0;
  for (const label of [0, 1]) {
    const members: number[] = [];
    for (let s = 0; s < labels.length; s++) if (labels[s] === label) members.push(s);
    shuffleInPlace(members, rng);
    for (const s of members) foldOf[s] = position++ % folds;
  }
  return foldOf;
}
