/**
 * iatbayes library API. Everything the CLI does is available here, typed.
 */
export { InputError, type InputLocation } from './util/errors.js';
export { createRng, shuffleInPlace, type Rng } from './util/rng.js';
export { silentLogger, createCliLogger, type Logger } from './util/log.js';
export { writeFileAtomic } from './util/atomicWrite.js';
export { toCsv, csvCell } from './util/csv.js';
export { readEpochsFile, writeEpochsFile } from './ingest/eeg/epochsFile.js';
