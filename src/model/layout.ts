/**
 * Where each unconstrained parameter sits in the variational vector of one fit. The model
 * (src/model/model.ts) and the optimiser (src/model/vi.ts) share this map; scales are stored on
 * the log scale so every coordinate is unconstrained.
 */
import type { ModelSettings } from './settings.js';

export interface Block {
  offset: number;
  length: number;
}

export interface ParameterLayout {
  size: number;
  features: number;
  alpha: Block;
  /** Standardised weights z (w = z x scale). */
  z: Block;
  /** Log local scales of the horseshoe (per feature, or per band/channel group). */
  logLocal?: Block;
  /**
   * 0/1 matrix (local scales x features, row-major) mapping local log scales onto features;
   * undefined when each feature has its own local scale.
   */
  localToFeature?: Float32Array;
  logTau?: Block;
  logSlab?: Block;
  logPrecision?: Block;
  logSigmaY?: Block;
  /** Coordinates estimated as points: their log SD stays at its initial value (no updates). */
  pointEstimates: Block[];
  /** A readable name per coordinate ('w[rt.latency]', 'log lambda[band theta]', ...). */
  names: string[];
}

const EEG_NAME = /^eeg\.([^.]+)\.([^.]+)$/;

/**
 * Local scale groups: each eeg.<band>.<channel> feature gets the product of its band's and its
 * channel's scale (log scales add); other features keep their own scale. Only used when at
 * least two EEG features share a band or a channel, otherwise per-feature scales are kept.
 */
function localGroups(featureNames: string[]): { names: string[]; map: Float32Array } | undefined {
  const groupIndex = new Map<string, number>();
  const memberships: number[][] = [];
  let eegCount = 0;
  for (const name of featureNames) {
    const match = EEG_NAME.exec(name);
    const keys = match ? [`band ${match[1]}`, `channel ${match[2]}`] : [`feature ${name}`];
    if (match) eegCount++;
    memberships.push(
      keys.map((key) => {
        if (!groupIndex.has(key)) groupIndex.set(key, groupIndex.size);
        return groupIndex.get(key) as number;
      }),
    );
  }
  if (eegCount < 2 || groupIndex.size >= featureNames.length) return undefined;
  const L = groupIndex.size;
  const P = featureNames.length;
  const map = new Float32Array(L * P);
  memberships.forEach((groups, p) => {
    for (const g of groups) map[g * P + p] = 1;
  });
  return { names: [...groupIndex.keys()], map };
}

/** The layout for a model with these feature names and settings. */
export function buildLayout(featureNames: string[], settings: ModelSettings): ParameterLayout {
  const P = featureNames.length;
  const names: string[] = [];
  let size = 0;
  const take = (length: number, label: (i: number) => string): Block => {
    const block = { offset: size, length };
    for (let i = 0; i < length; i++) names.push(label(i));
    size += length;
    return block;
  };

  const alpha = take(1, () => 'alpha');
  const z = take(P, (p) => `z[${featureNames[p]}]`);
  const layout: ParameterLayout = { size: 0, features: P, alpha, z, names, pointEstimates: [] };
  const prior = settings.prior;
  if (prior.kind === 'horseshoe') {
    const groups = prior.factorise ? localGroups(featureNames) : undefined;
    if (groups) {
      layout.logLocal = take(groups.names.length, (g) => `log lambda[${groups.names[g]}]`);
      layout.localToFeature = groups.map;
    } else {
      layout.logLocal = take(P, (p) => `log lambda[${featureNames[p]}]`);
    }
    if (prior.globalScale === 'learned') layout.logTau = take(1, () => 'log tau');
    layout.logSlab = take(1, () => 'log c^2');
  } else if (prior.kind === 'ard') {
    layout.logPrecision = take(P, (p) => `log precision[${featureNames[p]}]`);
    if (prior.precision === 'point') layout.pointEstimates.push(layout.logPrecision);
  } else if (prior.scale === 'learned') {
    layout.logTau = take(1, () => 'log tau');
  }
  if (settings.outcome === 'continuous') layout.logSigmaY = take(1, () => 'log sigma_y');
  layout.size = size;
  return layout;
}
