/**
 * Re-referencing of EEG channels: subtract, at every sample, the mean of the reference
 * channels from every EEG channel (as MNE's `set_eeg_reference(ref_channels, projection=False)`;
 * average reference = mean of all EEG channels). Channels of other types are left unchanged.
 */
import type { Raw } from '../ingest/eeg/types.js';
import { InputError } from '../util/errors.js';

/** `'average'` or the names of the channels whose mean becomes the new reference. */
export type Reference = 'average' | string[];

/** Returns a copy of `raw` with its EEG channels re-referenced. */
export function rereference(raw: Raw, reference: Reference): Raw {
  const eegIndex = raw.channels.map((c, i) => (c.type === 'eeg' ? i : -1)).filter((i) => i >= 0);
  if (eegIndex.length === 0) {
    throw new InputError('no EEG channels to re-reference', {
      file: raw.file,
      field: '--reference',
    });
  }
  let refIndex: number[];
  if (reference === 'average') {
    refIndex = eegIndex;
  } else {
    if (reference.length === 0) {
      throw new InputError('name at least one reference channel', { field: '--reference' });
    }
    refIndex = reference.map((name) => {
      const i = raw.channels.findIndex((c) => c.name === name);
      if (i < 0) {
        throw new InputError(
          `reference channel '${name}' not found; channels are ` +
            raw.channels.map((c) => c.name).join(', '),
          { file: raw.file, field: '--reference' },
        );
      }
      return i;
    });
  }
  const n = raw.samples[0]?.length ?? 0;
  const mean = new Float64Array(n);
  for (const r of refIndex) {
    const channel = raw.samples[r] as Float64Array;
    for (let t = 0; t < n; t += 1) mean[t] = (mean[t] as number) + (channel[t] as number);
  }
  for (let t = 0; t < n; t += 1) mean[t] = (mean[t] as number) / refIndex.length;
  const samples = raw.samples.map((channel, c) => {
    if (raw.channels[c]?.type !== 'eeg') return channel;
    const out = new Float64Array(n);
    for (let t = 0; t < n; t += 1) out[t] = (channel[t] as number) - (mean[t] as number);
    return out;
  });
  return { ...raw, samples };
}
