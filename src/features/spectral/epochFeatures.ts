/**
 * Per-trial EEG feature vectors: for every epoch, the log band power of each band x channel
 * (`eeg.<band>.<channel>`, see bands.ts; PSD by Welch or multitaper, spectrum.ts) followed
 * by the baseline-corrected mean amplitude of each ERP window x channel
 * (`erp.<window>.<channel>`, see ../erp/erpMeans.ts).
 * The channel part of a name is the channel name exactly as the epochs give it (it may itself
 * contain dots, e.g. 'Fc5.'), so split a name on its first two dots only.
 */
import type { Epochs } from '../../ingest/eeg/types.js';
import { InputError } from '../../util/errors.js';
import { createErpPlan, type ErpOptions } from '../erp/erpMeans.js';
import { createBandPowerPlan, type BandPowerOptions } from './bands.js';
import { createSpectrumPlan, type SpectrumOptions } from './spectrum.js';

/** Which features to compute; `false` leaves a family out. Both default to their defaults. */
export interface EpochFeatureOptions {
  spectral?: (SpectrumOptions & BandPowerOptions) | false;
  erp?: ErpOptions | false;
}

/** Epochs x features matrix with its column names. */
export interface EpochFeatureMatrix {
  featureNames: string[];
  nEpochs: number;
  nFeatures: number;
  /** Row-major epochs x features values (values[e * nFeatures + f]). */
  values: Float64Array;
  /** The epochs' trial ids, when they carry them, one per row. */
  trialIds?: string[];
}

/**
 * Computes the spectral and ERP features of every epoch. Pure: reads `epochs`, returns a new
 * matrix. Throws InputError for duplicate channel names or impossible options (see
 * resolveWelchSettings, createBandPowerPlan, createErpPlan).
 */
export function epochFeatures(
  epochs: Epochs,
  options: EpochFeatureOptions = {},
): EpochFeatureMatrix {
  const { nEpochs, nChannels, nSamples, channelNames, data } = epochs;
  const duplicate = channelNames.find((name, i) => channelNames.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new InputError(`expected distinct channel names, found '${duplicate}' twice`, {
      field: 'channel_names',
    });
  }

  const spectralOptions = options.spectral === undefined ? {} : options.spectral;
  const erpOptions = options.erp === undefined ? {} : options.erp;
  if (spectralOptions === false && erpOptions === false) {
    throw new InputError('expected at least one feature family (spectral or erp)', {
      field: 'features',
    });
  }

  const featureNames: string[] = [];
  let spectral: {
    spectrum: ReturnType<typeof createSpectrumPlan>;
    bands: ReturnType<typeof createBandPowerPlan>;
    psd: Float64Array;
  } | null = null;
  if (spectralOptions !== false) {
    const { bands: bandList, relative, totalRangeHz, ...spectrumOptions } = spectralOptions;
    const spectrum = createSpectrumPlan(nSamples, epochs.sfreqHz, spectrumOptions);
    const bands = createBandPowerPlan(spectrum.freqsHz, {
      bands: bandList,
      relative,
      totalRangeHz,
    });
    for (const band of bands.bands) {
      for (const channel of channelNames) featureNames.push(`eeg.${band.name}.${channel}`);
    }
    spectral = { spectrum, bands, psd: new Float64Array(spectrum.freqsHz.length) };
  }
  const erpOffset = featureNames.length;
  const erp = erpOptions === false ? null : createErpPlan(epochs, erpOptions);
  if (erp !== null) {
    for (const window of erp.windows) {
      for (const channel of channelNames) featureNames.push(`erp.${window.name}.${channel}`);
    }
  }

  const nFeatures = featureNames.length;
  const values = new Float64Array(nEpochs * nFeatures);
  for (let e = 0; e < nEpochs; e++) {
    const row = e * nFeatures;
    for (let c = 0; c < nChannels; c++) {
      const offset = (e * nChannels + c) * nSamples;
      if (spectral !== null) {
        spectral.spectrum.psdInto(data, offset, spectral.psd, 0);
        spectral.bands.apply(spectral.psd, 0, values, row + c, nChannels);
      }
      if (erp !== null) erp.apply(data, offset, values, row + erpOffset + c, nChannels);
    }
  }

  const matrix: EpochFeatureMatrix = { featureNames, nEpochs, nFeatures, values };
  if (epochs.trialIds !== undefined) matrix.trialIds = [...epochs.trialIds];
  return matrix;
}
