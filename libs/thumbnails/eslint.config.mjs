import baseConfig from '../../eslint.config.mjs';

/** The role's scenarios, shared by its specs, are test code: the rules of spec files apply to them. */
const asSpecs = baseConfig
  .filter((c) => c.files?.includes('**/*.spec.ts'))
  .map((c) => ({ ...c, files: ['src/test-support/**/*.ts'] }));

export default [...baseConfig, ...asSpecs];
