/**
 * Resource limits: before reading any EEG, loadCohort estimates the memory the cohort's EEG
 * will take (ready epochs: epochs x channels x samples x 8 bytes from each header's shape)
 * and refuses a cohort over the limit with one message giving the estimate and the limit.
 * The estimate is checked against the bytes actually loaded (exact for ready epochs).
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCohort } from '../../src/ingest/cohort/loadCohort.js';
import { eegMemoryLimit, estimateEegBytes } from '../../src/ingest/cohort/memoryEstimate.js';
import { simulateCohort } from '../../src/simulate/simulateCohort.js';
import { InputError } from '../../src/util/errors.js';
import { scratch } from './fuzz.js';

const folder = scratch();
const cohortDir = join(folder.dir, 'cohort');
afterAll(() => folder.remove());
beforeAll(() => {
  simulateCohort({ outDir: cohortDir, participants: 4, seed: 5, sfreqHz: 32, tminS: -0.1,
    tmaxS: 0.3 });
});
afterEach(() => { delete process.env.IATBAYES_MEMORY_LIMIT; });

/** The epochs headers of a cohort folder. */
function epochHeaders(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('_epo.json'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('memory estimate of a cohort\'s EEG', () => {
  it('equals the bytes of the epochs actually loaded', async () => {
    const cohort = await loadCohort(cohortDir);
    const loaded = cohort.participants.reduce((sum, p) => sum + p.epochs!.data.byteLength, 0);
    const estimated = epochHeaders(cohortDir)
      .reduce((sum, path) => sum + estimateEegBytes(path, 'epochs'), 0);
    expect(loaded).toBeGreaterThan(0);
    expect(estimated).toBe(loaded);
  });

  it('refuses a cohort over the limit before reading EEG, giving estimate and limit', async () => {
    const error = await loadCohort(cohortDir, { memoryLimitBytes: 1000 }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(new RegExp('the EEG of 4 participants needs '
      + 'about 1\\.5 MiB of memory .*more than the limit of 1000 bytes \\(the memoryLimitBytes'));
  });

  it('takes the limit from IATBAYES_MEMORY_LIMIT', async () => {
    process.env.IATBAYES_MEMORY_LIMIT = '2K';
    expect(eegMemoryLimit().bytes).toBe(2048);
    await expect(loadCohort(cohortDir))
      .rejects.toThrow(/limit of 2\.0 KiB \(IATBAYES_MEMORY_LIMIT\)/);
    process.env.IATBAYES_MEMORY_LIMIT = 'lots';
    await expect(loadCohort(cohortDir)).rejects.toThrow(/expected a size such as 8G/);
  });

  it('refuses a cohort declaring 4 x 200 GiB of epochs at once, reading no body', async () => {
    const huge = join(folder.dir, 'huge');
    cpSync(cohortDir, huge, { recursive: true });
    for (const path of epochHeaders(huge)) {
      const header = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      // 200 GiB each: 409600 epochs x 64 channels x 1024 samples x 8 bytes.
      writeFileSync(path, JSON.stringify({ ...header, shape: [409_600, 64, 1024] }));
    }
    const began = performance.now();
    await expect(loadCohort(huge)).rejects.toThrow(/needs about 800\.0 GiB of memory/);
    console.log(`resource limit: refused an 800 GiB cohort in ${(performance.now() - began)
      .toFixed(0)} ms`);
  });
});
