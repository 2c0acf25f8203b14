/**
 * The participants x features table that the features stage hands to every model: for each
 * participant s and feature p, the D-score recipe applied to that feature (mapping B minus
 * mapping A mean difference over the inclusive SD, averaged over practice and test) and its
 * standard error.
 */
export interface FeatureTable {
  participantIds: string[];
  /** Names such as 'rt.latency', 'rt.error', 'eeg.theta.Fz', 'erp.P3.Pz'. */
  featureNames: string[];
  /** Row-major participants x features contrasts (d[s * P + p]); NaN where missing. */
  d: Float64Array;
  /** Row-major standard errors of `d`, same layout; NaN where missing. */
  se: Float64Array;
}
