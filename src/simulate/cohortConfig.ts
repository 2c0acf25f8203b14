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

/**
 * The IAT mapping config in the JSON shape `iatbayes score --config` takes (the `long` preset
 * of src/ingest/iat/config.ts): which column holds what, and which block_name values are the
 * combined blocks (Greenwald B3/B4/B6/B7). Block order does not matter: the block name says
 * the mapping.
 */
export function simulatedIatConfig(): Record<string, unknown> {
  const blockName = (mapping: 'A' | 'B', phase: 'practice' | 'test'): string =>
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
      trial: 'trial',
      trialId: 'trial_id',
      stimulus: 'stimulus',
    },
    correctValues: ['1'],
    errorValues: ['0'],
    blocks: {
      aPractice: [blockName('A', 'practice')],
      aTest: [blockName('A', 'test')],
      bPractice: [blockName('B', 'practice')],
      bTest: [blockName('B', 'test')],
    },
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
