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
export {
  readRaw,
  readEegFile,
  detectEegFormat,
  pickChannels,
  type EegFormat,
  type EegFileContent,
  type ReadRawOptions,
} from './ingest/eeg/readRaw.js';
export {
  readEdf,
  parseEdf,
  parseEdfHeader,
  type EdfHeader,
  type EdfOptions,
} from './ingest/eeg/edf.js';
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
  DEFAULT_SETTINGS,
  resolveSettings,
  horseshoeTau0,
  type ModelSettings,
  type WeightPrior,
} from './model/settings.js';
export type { FittedModel, Prediction, FitDiagnostics } from './model/types.js';
export { paretoKHat, fitGeneralizedPareto } from './model/psis.js';
export {
  simulateFeatureCohort,
  bayesOptimalAuc,
  rocAuc,
  type FeatureCohortOptions,
  type SimulatedFeatureCohort,
} from './simulate/featureCohort.js';
export {
  loadCohort,
  readCohortConfig,
  type LoadCohortOptions,
} from './ingest/cohort/loadCohort.js';
export {
  summariseCohort,
  formatCohortSummary,
  type CohortSummary,
} from './ingest/cohort/summary.js';
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
export {
  readIatFile,
  streamIatTrials,
  readConfigFile,
  type TrialStreamSummary,
} from './ingest/iat/read.js';
export {
  PRESETS as IAT_PRESETS,
  detectPreset,
  mergeConfig,
  parseConfigJson,
  IAT_FORMATS,
  type IatFormat,
  type IatReadConfig,
  type IatReadConfigInput,
  type IatColumns,
  type IatBlockLabels,
} from './ingest/iat/config.js';
export type { TrialEvent, TrialSink } from './ingest/iat/trialRows.js';
export type {
  IatTrial,
  IatSession,
  IatReadResult,
  Exclusion,
  Mapping,
  Phase,
} from './ingest/iat/types.js';
export {
  contrastScore,
  pooledContrast,
  phaseContrast,
  contrastTrialsOf,
  type ContrastTrials,
  type ContrastResult,
  type PhaseContrast,
} from './features/contrast.js';
export {
  scoreIat,
  resolveDScoreOptions,
  flattenScore,
  scoreColumns,
  splitHalfReliability,
  ScoreAccumulator,
  SIGN_CONVENTION,
  type ScoreReport,
  type ScoreSettings,
} from './features/dscore/scoreIat.js';
export { scoreIatFile } from './features/dscore/scoreFile.js';
export {
  cleanSession,
  cleanCompact,
  type CleanedTrials,
  type CleanedIatTrial,
} from './features/dscore/clean.js';
export {
  compactSession,
  CompactSessionBuilder,
  type CompactSession,
} from './features/dscore/compact.js';
export { gScorePhase, normalQuantile } from './features/dscore/gscore.js';
export {
  ALL_VARIANTS,
  DEFAULT_DSCORE_OPTIONS,
  VARIANT_RULES,
  type DVariant,
  type DScoreOptions,
  type VariantScore,
  type ParticipantScore,
  type ParticipantCounts,
  type SplitHalfReliability,
} from './features/dscore/types.js';
export {
  designFir,
  filtfiltFir,
  filterRaw,
  defaultNumTaps,
  type BandPass,
} from './preprocessing/filter.js';
export { rereference, type Reference } from './preprocessing/reference.js';
export {
  epochRaw,
  onsetToSample,
  type EpochAnchor,
  type EpochOptions,
  type EpochResult,
  type DroppedEpoch,
} from './preprocessing/epoch.js';
export {
  markersFromEventsTsv,
  markersFromAnnotations,
  readTrialTable,
  matchMarkersToTrials,
  type Marker,
  type TrialRow,
  type MatchedMarker,
} from './preprocessing/markers.js';
export {
  epochTrials,
  type EpochTrialsOptions,
  type EpochTrialsResult,
} from './preprocessing/epochTrials.js';
export {
  createSpectrumPlan,
  epochsPsd,
  SPECTRAL_METHODS,
  type SpectralMethod,
  type SpectrumOptions,
  type SpectrumPlan,
  type PsdArray,
} from './features/spectral/spectrum.js';
export {
  createMultitaperPlan,
  type MultitaperOptions,
  type MultitaperPlan,
} from './features/spectral/multitaper.js';
export { dpssTapers, type DpssTapers } from './features/spectral/dpss.js';
export { auc, aucTwoSample, midranks } from './evaluate/auc.js';
export { delong, delongFromKernel, type DelongResult } from './evaluate/delong.js';
export {
  stratifiedBootstrap,
  scoreResampler,
  kernelResampler,
  type AucResampler,
} from './evaluate/bootstrap.js';
export {
  bcaInterval,
  percentileInterval,
  quantileSorted,
  type BcaResult,
  type Interval,
} from './evaluate/intervals.js';
export {
  benjaminiHochberg,
  benjaminiYekutieli,
  fcrAdjustedLevel,
  permutationPValue,
} from './evaluate/multiplicity.js';
export { normalCdf, normalQuantile as inverseNormalCdf } from './evaluate/normal.js';
export {
  leaveOneOutFolds,
  repeatedStratifiedKFold,
  leavePairOutFolds,
  makeCvPlan,
  type CvScheme,
  type CvPlan,
  type Fold,
} from './evaluate/cv.js';
export {
  crossValidate,
  outOfFoldAuc,
  outOfFoldResampler,
  type EstimatorFactory,
  type OutOfFold,
} from './evaluate/crossValidate.js';
export { baselineMethod, resolveFactory, type MethodSpec } from './evaluate/methods.js';
export {
  runStudy,
  resolveConfiguration,
  type StudyDesign,
  type StudyTask,
  type ConfigurationSpec,
} from './evaluate/study.js';
export {
  RESULTS_SCHEMA,
  RESULTS_SCHEMA_VERSION,
  type EvaluationResults,
  type CellResult,
  type IntervalResult,
  type TaskSummary,
} from './evaluate/results.js';
export { ShrinkageLda, type ShrinkageLdaOptions } from './baselines/lda.js';
export { L2LogisticRegression, type LogisticOptions } from './baselines/logistic.js';
export { DScoreBaseline, type DScoreOptions as DScoreBaselineOptions } from './baselines/dscore.js';
export { createBaselineEstimator, type BaselineOptions } from './baselines/factories.js';
export { ledoitWolf } from './baselines/ledoitWolf.js';

// Participants x features table, study files and the whole pipeline.
export {
  buildParticipantTable,
  MODALITIES,
  type Modality,
  type ParticipantTableOptions,
  type ParticipantTableResult,
} from './features/participantTable.js';
export { featureTableToCsv, readFeatureCsv } from './features/featureCsv.js';
export {
  readStudyFile,
  parseStudy,
  type StudySpec,
  type StudyTaskSpec,
  type LabelRule,
} from './pipeline/studyFile.js';
export { prepareTasks, prepareTask, type PreparedTask } from './pipeline/tasks.js';
export { runPipeline, type PipelineOptions, type PipelineOutput } from './pipeline/run.js';
export { studyDesign, DSCORE_CONFIGURATION, EEGNET_CONFIGURATION } from './pipeline/design.js';
export { createStudyEstimator, studyMethod } from './pipeline/estimators.js';
export { summariseWeights, type WeightSummary } from './model/weightSummary.js';

// Reliability: resume checkpoints, pseudonymisation, memory limits (docs/reliability.md).
export {
  openCheckpoint,
  removeCheckpoint,
  hashOf,
  type StudyCheckpoint,
} from './evaluate/checkpoint.js';
export { studyDesignHash } from './evaluate/study.js';
export {
  createPseudonymiser,
  pseudonymiserFromOption,
  type Pseudonymiser,
} from './util/pseudonymise.js';
export { pseudonymiseResults } from './report/pseudonymiseResults.js';
export {
  estimateEegBytes,
  eegMemoryLimit,
  checkEegMemory,
} from './ingest/cohort/memoryEstimate.js';

// EEGNet baseline on trial epochs (docs/eegnet.md).
export {
  EegNetBaseline,
  type EegNetOptions,
  type EegNetTrainingSummary,
} from './baselines/eegnet/eegnet.js';
export {
  buildEegNet,
  referenceKernelLength,
  type EegNet,
  type EegNetShape,
} from './baselines/eegnet/architecture.js';
export { participantTrialEpochs } from './baselines/eegnet/trialEpochs.js';
export type { ParticipantEpochs } from './model/estimator.js';
export {
  selectFeatures,
  selectColumns,
  resolveFeaturePatterns,
} from './features/selectFeatures.js';
