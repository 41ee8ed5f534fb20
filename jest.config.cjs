const { getJestProjectsAsync } = require('@nx/jest');

/** Every project's tests in one run; servers are started once for all of them. */
module.exports = async () => ({
  projects: await getJestProjectsAsync(),
  // Tests against real servers (group joins, rebalances) take seconds each.
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/tools/test/summary-reporter.cjs'],
});
