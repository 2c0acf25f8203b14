/**
 * Report summaries of a fitted Bayesian model (src/model/types.ts): posterior weights with
 * equal-tailed credible intervals from the model's own seeded posterior draws, its ELBO trace
 * and PSIS k-hat, and the EEG weights per band placed on the 10-10 montage for scalp maps.
 */
import type { FittedModel } from '../model/types.js';
import { summariseWeights } from '../model/weightSummary.js';
import { electrodePosition } from '../simulate/montage.js';
import type { BandWeights, EegSummary, ModelSummary, PosteriorWeight } from './types.js';

function priorName(model: FittedModel): string {
  switch (model.settings.prior.kind) {
    case 'horseshoe':
      return 'regularised horseshoe';
    case 'ard':
      return 'automatic relevance determination';
    case 'gaussian':
      return 'Gaussian';
  }
}

/**
 * Posterior mean and central `level` credible interval of every weight (standardised
 * features), from `model.settings.posteriorDraws` draws of the variational posterior.
 */
export async function modelSummaryFromFitted(
  label: string,
  model: FittedModel,
  level = 0.95,
): Promise<ModelSummary> {
  const weights: PosteriorWeight[] = (await summariseWeights(model, level)).map((weight) => ({
    feature: weight.feature,
    median: weight.median,
    interval: [weight.lower, weight.upper],
  }));
  const khat = model.diagnostics.paretoK;
  return {
    label,
    prior: priorName(model),
    credibleLevel: level,
    weights,
    elbo: [{ name: 'full data', elbo: model.diagnostics.elboTrace }],
    paretoKhat: Number.isFinite(khat) ? [{ fit: 'full data', khat }] : [],
  };
}

/**
 * EEG content of the report from a model's weights named eeg.<band>.<channel>, placed on the
 * standard 10-10 positions; channels without a known position are left off the maps.
 * Returns undefined when the model has no EEG weights.
 */
export function eegFromModel(
  model: ModelSummary,
  bandRangesHz: Record<string, [number, number]> = {},
): EegSummary | undefined {
  const byBand = new Map<string, { channel: string; weight: number }[]>();
  for (const weight of model.weights) {
    const match = /^eeg\.([^.]+)\.(.+)$/.exec(weight.feature);
    if (match === null) continue;
    const entries = byBand.get(match[1]!) ?? [];
    entries.push({ channel: match[2]!, weight: weight.median });
    byBand.set(match[1]!, entries);
  }
  if (byBand.size === 0) return undefined;
  const channels = new Set(
    [...byBand.values()].flatMap((entries) => entries.map((entry) => entry.channel)),
  );
  const positions = [...channels].flatMap((channel) => {
    const electrode = electrodePosition(channel);
    return electrode === undefined ? [] : [{ channel, x: electrode.x, y: electrode.y }];
  });
  const bandWeights: BandWeights[] = [...byBand].map(([band, weights]) => {
    const entry: BandWeights = { band, label: model.label, weights };
    if (bandRangesHz[band] !== undefined) entry.rangeHz = bandRangesHz[band];
    return entry;
  });
  return { montageName: 'standard 10-10', positions, bandWeights, spectra: [], erps: [] };
}
