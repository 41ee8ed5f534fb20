import baseConfig from '../../../eslint.config.mjs';

/**
 * This library is test support through and through (the pipeline composed
 * for the tests and the benchmarks, against the simulators): the rules of
 * spec files apply to all of it.
 */
const asSpecs = baseConfig
  .filter((c) => c.files?.includes('**/*.spec.ts'))
  .map((c) => ({ ...c, files: ['src/**/*.ts'] }));

export default [...baseConfig, ...asSpecs];
