/**
 * Channel kinds from labels and units, for formats that do not store a type. The rule is the
 * one MNE's `infer_types` applies to EDF labels (a leading type word such as `EEG Fp1` or
 * `ECG ECG1`), plus: a label that is itself a type word (`EOG`, `EMG`) takes that type, and a
 * channel whose unit is not a voltage (`G`, `%`, `uS`) is `misc` rather than `eeg`.
 */
import type { ChannelType } from './types.js';

const TYPE_WORDS: Record<string, ChannelType> = {
  EEG: 'eeg',
  EOG: 'eog',
  ECG: 'ecg',
  EKG: 'ecg',
  EMG: 'emg',
  RESP: 'resp',
  MISC: 'misc',
  STIM: 'stim',
};

const VOLTAGE_UNITS = new Set(['v', 'mv', 'uv', 'µv', 'μv', 'nv']);

/** Type of a channel from its label and unit; `eeg` when nothing says otherwise. */
export function inferChannelType(label: string, unit: string): ChannelType {
  const words = label.trim().split(/\s+/);
  const first = (words[0] ?? '').toUpperCase();
  const byWord = TYPE_WORDS[first];
  if (byWord !== undefined) return byWord;
  if (unit.trim() !== '' && !VOLTAGE_UNITS.has(unit.trim().toLowerCase())) return 'misc';
  return 'eeg';
}

/**
 * Makes labels unique the way MNE does for duplicates: the second and later copies of a
 * label get `-1`, `-2`, ... appended (the first keeps its name).
 */
export function uniqueNames(labels: string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(labels);
  return labels.map((label) => {
    const count = seen.get(label) ?? 0;
    seen.set(label, count + 1);
    if (count === 0) return label;
    let k = count;
    while (taken.has(`${label}-${k}`)) k += 1;
    const name = `${label}-${k}`;
    taken.add(name);
    return name;
  });
}
