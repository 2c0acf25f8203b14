/**
 * iatbayes library API. Everything the CLI does is available here, typed.
 */
export { InputError, type InputLocation } from './util/errors.js';
export { createRng, shuffleInPlace, type Rng } from './util/rng.js';
export { silentLogger, createCliLogger, type Logger } from './util/log.js';
export { writeFileAtomic } from './util/atomicWrite.js';
export { toCsv, csvCell } from './util/csv.js';
export { readEpochsFile, writeEpochsFile } from './ingest/eeg/epochsFile.js';
export {
  welchPsd,
  resolveWelchSettings,
  createWelchPlan,
  type WelchOptions,
  type WelchSettings,
  type WelchPlan,
  type EpochsPsd,
} from './features/spectral/welch.js';
export {
  bandPower,
  parseBands,
  createBandPowerPlan,
  DEFAULT_BANDS,
  type Band,
  type BandPowerOptions,
  type EpochsBandPower,
} from './features/spectral/bands.js';
export {
  erpMeans,
  createErpPlan,
  DEFAULT_ERP_WINDOWS,
  type ErpWindow,
  type ErpOptions,
  type EpochsErpMeans,
} from './features/erp/erpMeans.js';
export {
  epochFeatures,
  type EpochFeatureOptions,
  type EpochFeatureMatrix,
} from './features/spectral/epochFeatures.js';
export { readRaw, readEegFile, detectEegFormat, type EegFormat, type EegFileContent }
  from './ingest/eeg/readRaw.js';
export { readEdf, parseEdf, parseEdfHeader, type EdfHeader } from './ingest/eeg/edf.js';
export { readBrainVision } from './ingest/eeg/brainvision.js';
export { readXdf, parseXdf, xdfToRaw, type XdfOptions } from './ingest/eeg/xdf.js';
export type { Raw, RawEvent, ChannelInfo, ChannelType, Epochs } from './ingest/eeg/types.js';
export {
  simulateCohort,
  resolveEffects,
  type SimulateOptions,
  type SimulationResult,
  type CohortTruth,
} from './simulate/simulateCohort.js';
export { simulateDemoStudy, type DemoStudyOptions } from './simulate/demoStudy.js';
export {
  standardMontage,
  electrodePosition,
  MONTAGE_32,
  MONTAGE_64,
  type Electrode,
} from './simulate/montage.js';
export { populationBayesAuc, empiricalAuc } from './simulate/bayesAuc.js';
export { BayesianIatModel } from './model/bayesianIatModel.js';
export { fitModel, fitBatch, type FitOptions } from './model/fit.js';
export { predict, score, drawWeights, type WeightDraws } from './model/predict.js';
export { saveModel, loadModel, parseModel, serialiseModel } from './model/serialize.js';
export { selectBackend, type BackendName } from './model/backend.js';
export {
  DEFAULT_SETTINGS, resolveSettings, horseshoeTau0, type ModelSettings, type WeightPrior,
} from './model/settings.js';
export type { FittedModel, Prediction, FitDiagnostics } from './model/types.js';
export { paretoKHat, fitGeneralizedPareto } from './model/psis.js';
export {
  simulateFeatureCohort, bayesOptimalAuc, rocAuc, type FeatureCohortOptions,
  type SimulatedFeatureCohort,
} from './simulate/featureCohort.js';
export { loadCohort, readCohortConfig, type LoadCohortOptions } from './ingest/cohort/loadCohort.js';
export { summariseCohort, formatCohortSummary, type CohortSummary } from './ingest/cohort/summary.js';
export type {
  Cohort,
  CohortParticipant,
  CohortProblem,
  CohortConfig,
  EpochAlignment,
} from './ingest/cohort/types.js';
export { renderReport, writeReport, REPORT_SECTIONS, type ReportOptions } from './report/render.js';
export { fromResults, describeCv, type ReportExtras } from './report/fromResults.js';
export { modelSummaryFromFitted, eegFromModel } from './report/fromModel.js';
export { readResults, validateResults } from './report/readResults.js';
export type { ReportInput, CellSummary, ModelSummary, EegSummary } from './report/types.js';
