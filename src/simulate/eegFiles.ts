/**
 * Writers for the simulated EEG: ready epochs cut around each trial's stimulus (through the
 * ready-epochs writer of src/ingest/eeg/epochsFile.ts) or the continuous recording as
 * BrainVision (.vhdr/.vmrk/.eeg, IEEE_FLOAT_32, multiplexed) with a BIDS-style events.tsv.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { writeEpochsFile } from '../ingest/eeg/epochsFile.js';
import type { Epochs } from '../ingest/eeg/types.js';
import type { SimulatedRecording } from './eeg.js';
import type { SimulatedTrial } from './iatTrials.js';

/**
 * Epochs of `recording` around each trial's stimulus onset, from tminS to tmaxS (end
 * exclusive), in microvolts, with the trials' ids.
 */
export function cutEpochs(
  recording: SimulatedRecording,
  trials: SimulatedTrial[],
  tminS: number,
  tmaxS: number,
): Epochs {
  const fs = recording.sfreqHz;
  const nSamples = Math.round((tmaxS - tminS) * fs);
  const nChannels = recording.channelNames.length;
  const firstOffset = Math.round(tminS * fs);
  const data = new Float64Array(trials.length * nChannels * nSamples);
  trials.forEach((trial, epoch) => {
    const start = Math.round(trial.onsetS * fs) + firstOffset;
    if (start < 0 || start + nSamples > recording.nSamples) {
      throw new RangeError(`epoch of trial ${trial.trialId} falls outside the recording`);
    }
    for (let c = 0; c < nChannels; c++) {
      const source = c * recording.nSamples + start;
      data.set(
        recording.samples.subarray(source, source + nSamples),
        (epoch * nChannels + c) * nSamples,
      );
    }
  });
  return {
    channelNames: [...recording.channelNames],
    units: recording.channelNames.map(() => 'uV'),
    sfreqHz: fs,
    tminS: firstOffset / fs,
    nEpochs: trials.length,
    nChannels,
    nSamples,
    data,
    trialIds: trials.map((trial) => trial.trialId),
  };
}

/** Writes ready epochs as `<stem>_epo.json` + `<stem>_epo.bin` in `folder`. */
export function writeSimulatedEpochs(folder: string, stem: string, epochs: Epochs): string[] {
  const headerPath = join(folder, `${stem}_epo.json`);
  writeEpochsFile(headerPath, epochs);
  return [headerPath, join(folder, `${stem}_epo.bin`)];
}

/** Marker code of a stimulus: 10 + Greenwald block number (S 11 ... S 17). */
export function stimulusCode(trial: SimulatedTrial): number {
  return 10 + trial.block;
}

/** Writes the recording as BrainVision `<stem>_eeg.*` plus `<stem>_events.tsv`. */
export function writeBrainVision(
  folder: string,
  stem: string,
  recording: SimulatedRecording,
  trials: SimulatedTrial[],
): string[] {
  const fs = recording.sfreqHz;
  const nChannels = recording.channelNames.length;
  const body = new Float32Array(nChannels * recording.nSamples);
  for (let t = 0; t < recording.nSamples; t++) {
    for (let c = 0; c < nChannels; c++) {
      body[t * nChannels + c] = recording.samples[c * recording.nSamples + t] as number;
    }
  }
  const bytes = new Uint8Array(body.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < body.length; i++) view.setFloat32(i * 4, body[i] as number, true);

  const names = { eeg: `${stem}_eeg.eeg`, vhdr: `${stem}_eeg.vhdr`, vmrk: `${stem}_eeg.vmrk` };
  const channelLines = recording.channelNames.map((name, i) => `Ch${i + 1}=${name},,1,µV`);
  const header = [
    'Brain Vision Data Exchange Header File Version 1.0',
    '; Simulated by iatbayes simulate',
    '',
    '[Common Infos]',
    'Codepage=UTF-8',
    `DataFile=${names.eeg}`,
    `MarkerFile=${names.vmrk}`,
    'DataFormat=BINARY',
    'DataOrientation=MULTIPLEXED',
    `NumberOfChannels=${nChannels}`,
    `SamplingInterval=${1e6 / fs}`,
    '',
    '[Binary Infos]',
    'BinaryFormat=IEEE_FLOAT_32',
    '',
    '[Channel Infos]',
    ...channelLines,
    '',
  ].join('\r\n');

  const markers = ['Mk1=New Segment,,1,1,0'];
  const events = ['onset\tduration\ttrial_type\tvalue\ttrial_id'];
  for (const trial of trials) {
    const stimulusSample = Math.round(trial.onsetS * fs);
    const responseS = trial.onsetS + trial.latencyMs / 1000;
    const responseValue = trial.correct ? 20 : 21;
    const responseSample = Math.round(responseS * fs);
    const code = stimulusCode(trial);
    markers.push(`Mk${markers.length + 1}=Stimulus,S${pad3(code)},${stimulusSample + 1},1,0`);
    const responseCode = pad3(responseValue);
    markers.push(`Mk${markers.length + 1}=Response,R${responseCode},${responseSample + 1},1,0`);
    const stimulusOnset = (stimulusSample / fs).toFixed(6);
    const responseOnset = (responseSample / fs).toFixed(6);
    events.push(`${stimulusOnset}\t0\tstimulus\t${code}\t${trial.trialId}`);
    events.push(`${responseOnset}\t0\tresponse\t${responseValue}\t${trial.trialId}`);
  }
  const markerFile = [
    'Brain Vision Data Exchange Marker File, Version 1.0',
    '',
    '[Common Infos]',
    'Codepage=UTF-8',
    `DataFile=${names.eeg}`,
    '',
    '[Marker Infos]',
    ...markers,
    '',
  ].join('\r\n');

  const paths = {
    eeg: join(folder, names.eeg),
    vhdr: join(folder, names.vhdr),
    vmrk: join(folder, names.vmrk),
    events: join(folder, `${stem}_events.tsv`),
  };
  writeFileAtomic(paths.eeg, bytes);
  writeFileAtomic(paths.vmrk, markerFile);
  writeFileAtomic(paths.vhdr, header);
  writeFileAtomic(paths.events, `${events.join('\n')}\n`);
  return [paths.vhdr, paths.vmrk, paths.eeg, paths.events];
}

/** BrainVision marker descriptions pad codes to three characters ("S 13"). */
function pad3(code: number): string {
  return String(code).padStart(3, ' ');
}
