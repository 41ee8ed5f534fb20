const { getJestProjectsAsync } = require('@nx/jest');

/** Every project's tests in one run; servers are started once for all of them. */
module.exports = async () => ({
  projects: await getJestProjectsAsync(),
  // Tests against real servers (group joins, rebalances) take seconds each.
  testTimeout: 60_000,
  // Test files run in worker processes (never in jest's own), each recycled
  // once it holds more than this after a file, so that memory does not pile
  // up across a run of a hundred files on a 2-core machine.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1536MB',
  reporters: ['default', '<rootDir>/tools/test/summary-reporter.cjs'],
});
