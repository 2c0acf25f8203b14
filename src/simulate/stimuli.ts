/**
 * Stimulus words of the two demo IAT designs. The E-IAT pairs self/other with entrapment/
 * freedom words; the PSY-IAT pairs self/other with psychosis-related/ordinary-experience words.
 * Word lists are illustrative, written for the simulator (not the published tasks' lists).
 */
import type { IatStimuli } from './iatTrials.js';

const SELF = ['I', 'me', 'my', 'mine', 'myself'];
const OTHER = ['they', 'them', 'their', 'theirs', 'others'];

export const EIAT_STIMULI: IatStimuli = {
  targetA: SELF,
  targetB: OTHER,
  attributeA: ['free', 'escape', 'open', 'unbound', 'released'],
  attributeB: ['trapped', 'stuck', 'caged', 'cornered', 'powerless'],
};

export const PSYIAT_STIMULI: IatStimuli = {
  targetA: SELF,
  targetB: OTHER,
  attributeA: ['ordinary', 'familiar', 'real', 'calm', 'clear'],
  attributeB: ['voices', 'watched', 'unreal', 'strange', 'paranoid'],
};
