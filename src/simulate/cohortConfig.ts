/**
 * The cohort.json a simulated cohort carries: its task, the IAT column/block mapping that tells
 * the generic long-format reader how to read the behaviour files, and the EEG format.
 */
import { COMBINED_BLOCK_NAMES } from './iatDesign.js';

/** EEG output of the simulator. */
export type SimulatedEegFormat = 'epochs' | 'brainvision' | 'none';

/** Columns of the behaviour files the simulator writes, in order. */
export const BEHAVIOUR_COLUMNS = [
  'participant_id',
  'block',
  'block_name',
  'trial',
  'trial_id',
  'stimulus',
  'latency_ms',
  'correct',
] as const;

/** The IAT mapping config: which column holds what, and which block names are B3/B4/B6/B7. */
export function simulatedIatConfig(): Record<string, unknown> {
  const blockNames = (mapping: 'A' | 'B', phase: 'practice' | 'test'): string =>
    Object.entries(COMBINED_BLOCK_NAMES).find(
      ([, value]) => value.mapping === mapping && value.phase === phase,
    )?.[0] as string;
  return {
    format: 'long',
    delimiter: '\t',
    columns: {
      participant: 'participant_id',
      block: 'block_name',
      latency: 'latency_ms',
      correct: 'correct',
      trialIndex: 'trial',
      trialId: 'trial_id',
      stimulus: 'stimulus',
    },
    correctValues: ['1'],
    errorValues: ['0'],
    blocks: {
      mappingAPractice: blockNames('A', 'practice'),
      mappingATest: blockNames('A', 'test'),
      mappingBPractice: blockNames('B', 'practice'),
      mappingBTest: blockNames('B', 'test'),
    },
    latencyUnit: 'ms',
    errorPenalty: 'built-in',
  };
}

/** The whole cohort.json object. */
export function simulatedCohortJson(
  task: string,
  eeg: SimulatedEegFormat,
  seed: number,
): Record<string, unknown> {
  const json: Record<string, unknown> = { task, iat: simulatedIatConfig() };
  if (eeg !== 'none') json.eeg = { format: eeg, lockTo: 'stimulus' };
  json.simulated = { seed, generator: 'iatbayes simulate', truth: 'truth.json' };
  return json;
}
