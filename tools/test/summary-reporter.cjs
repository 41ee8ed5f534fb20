/**
 * Ends the jest run with one plain line, "tests: N passed, N failed, N skipped",
 * so that a reader (or CI) sees the outcome of the whole run at a glance.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    const suites = failedSuites > 0 ? ` (${failedSuites} test files failed to run or had failures)` : '';
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped${suites}\n`,
    );
  }
}

module.exports = SummaryReporter;
