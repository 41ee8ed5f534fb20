const { getJestProjectsAsync } = require('@nx/jest');

/** Every project's tests in one run; servers are started once for all of them. */
module.exports = async () => ({
  projects: await getJestProjectsAsync(),
  reporters: ['default', '<rootDir>/tools/test/summary-reporter.cjs'],
});
