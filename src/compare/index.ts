/**
 * Comparing objectives and runs: the door of the front ends (gfn compare, the extension's Compare Objectives and its
 * runs view) to src/compare/.
 * - runComparison(options): train every objective x seed in sandbox processes, DIR/comparison.json kept current.
 * - readComparison(dir): DIR/comparison.json, checked (a StoreError naming the file and the field otherwise).
 * - comparisonFromRuns(runDirs, name, file, relativeTo?): a Comparison of existing run directories.
 * - SEEDS_OPTION: the seeds per objective (--seeds, gflownet.compare.seeds), declared once.
 * The figures of the table (timeToTv, objectiveRows, band) are pure and live in shared/comparison.ts.
 */
export { runComparison, runConfig, ComparisonExistsError, type ComparisonOptions } from './runComparison';
export { readComparison, writeComparison, checkComparison, comparisonPath, comparisonRunDirs, isComparisonDir, runDirName, COMPARISON_FILE, COMPARISON_PAGE } from './comparisonFile';
export { comparisonFromRuns } from './fromRuns';
export { SEEDS_OPTION } from './options';
