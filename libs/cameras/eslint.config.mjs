import baseConfig from '../../eslint.config.mjs';

// source/, safie/, simulator/ and gateway/ below are projects of their own, linted by their own targets.
export default [...baseConfig, { ignores: ['source/**', 'safie/**', 'simulator/**', 'gateway/**'] }];
