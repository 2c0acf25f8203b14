import { describe, expect, it } from 'vitest';
import { parseStudy } from '../../src/pipeline/studyFile.js';

const base = {
  name: 's',
  tasks: [{ name: 'eiat', cohort: 'eiat', label: 'entrapment' }],
  configurations: [{ name: 'RT', modalities: ['rt'] }],
  methods: ['dscore', 'lda', 'bayes'],
};

describe('study file: the primary comparison', () => {
  it('accepts a comparison the study makes', () => {
    const study = parseStudy(
      { ...base, primary: { task: 'eiat', configuration: 'RT', method: 'bayes' } },
      '/studies/s.json',
    );
    expect(study.primary).toEqual({ task: 'eiat', configuration: 'RT', method: 'bayes' });
  });

  it('puts the D-score in its own configuration', () => {
    const study = parseStudy(
      { ...base, primary: { task: 'eiat', configuration: 'D-score', method: 'dscore' } },
      '/studies/s.json',
    );
    expect(study.primary?.configuration).toBe('D-score');
    expect(() =>
      parseStudy(
        { ...base, primary: { task: 'eiat', configuration: 'RT', method: 'dscore' } },
        '/studies/s.json',
      ),
    ).toThrow(/field 'primary.configuration': 'RT' is not one of the study's: D-score/);
  });

  it('names a misspelt part instead of reporting on another comparison', () => {
    expect(() =>
      parseStudy(
        { ...base, primary: { task: 'eiat', configuration: 'RT', method: 'baye' } },
        '/studies/s.json',
      ),
    ).toThrow(/s\.json, field 'primary.method': 'baye' is not one of the study's: dscore, lda, bayes/);
  });
});

describe('study file: keys', () => {
  it('refuses a misspelt key instead of silently using the default', () => {
    expect(() => parseStudy({ ...base, permutation: 500 }, '/studies/s.json')).toThrow(
      /s\.json, field 'permutation': unknown key; expected one of .*permutations/,
    );
    expect(() => parseStudy({ ...base, cv: { scheme: 'kfold', fold: 10 } }, '/studies/s.json'))
      .toThrow(/field 'cv.fold': unknown key/);
  });
});
