// The public API of @corpus-census/estimate, by name: sampling estimates, calibration, the report and its checks.
// Estimating a corpus by sampling documents
export { estimateFileBySampling, type SampleEstimate } from "./sampling/estimate-file.js";
export { estimateShardsBySampling, type Shard } from "./sampling/estimate-shards.js";
export { estimateStreamBySampling } from "./sampling/estimate-stream.js";
export { poolDocumentCounter, type DocumentTokenCounter } from "./sampling/document-counter.js";
export {
  HttpRangeSource,
  LocalFileSource,
  RangeNotSupportedError,
  type RandomAccessSource,
} from "./sampling/random-access.js";
export { listHubDataset } from "./sampling/hub-dataset.js";
export { shardSize } from "./sampling/shard-size.js";
export { resumableShardCounter } from "./sampling/shard-cache.js";
export { seededRandom } from "./random.js";
export { sumIntervals, type Interval } from "./interval.js";
export { bootstrapRatios } from "./bootstrap.js";
// Calibration: measuring samples, choosing a calibration, predicting ratios
export { calibrate, measureSamples, type CalibrationSample } from "./calibrate.js";
export {
  CalibrationChoiceError,
  calibratedTokenizers,
  calibrationsOf,
  chooseCalibration,
  describeCalibration,
  SHIPPED_CALIBRATION_ID,
} from "./calibration-choice.js";
export { calibrationFiles, unitsOf } from "./prediction/calibration-models.js";
export { fitRatioModel, predictRatio } from "./prediction/ratio-model.js";
export { studentTQuantile } from "./prediction/student-t.js";
export { leaveOneFileOut, summarizeLeftOut } from "./prediction/leave-one-file-out.js";
export { calibrationCheck } from "./prediction/calibration-check.js";
export type { Uncertainty } from "./prediction/uncertainty.js";
// Estimates from the catalog, the report and its heuristic
export { estimateFromCatalog } from "./catalog-estimate.js";
export { REPORT_CLAIMS, reportHeuristic, WORD_UNITS } from "./heuristic.js";
export { buildReport, estimateEntries, type ListReport, type ListTotal, type Report } from "./report.js";
export { formatTokens, renderReportMarkdown } from "./report-markdown.js";
export { formatPercent } from "./percent.js";
export { overlapFloor } from "./current-report.js";
export { workOutPublisherChecks, type PublisherCheckResult } from "./prediction/publisher-checks.js";
// Checking runs against the catalog's sizes
export { compareWithCatalog, renderComparisons } from "./run-check.js";
