const { join, relative } = require('node:path');

/**
 * The jest set-up of every Angular project (the portal and its
 * libraries): jest-preset-angular on the project's tsconfig.spec.json, and
 * its src/test-setup.ts (zoneless, like the portal).
 */
module.exports = function angularJestConfig(displayName, projectDir) {
  return {
    displayName,
    // A file preset is named relative to the project's root.
    preset: relative(projectDir, join(__dirname, 'jest.preset.js')),
    setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
    coverageDirectory: join(__dirname, 'coverage', relative(__dirname, projectDir)),
    transform: {
      '^.+\\.(ts|mjs|js|html)$': [
        'jest-preset-angular',
        { tsconfig: '<rootDir>/tsconfig.spec.json', stringifyContentPathRegex: '\\.(html|svg)$' },
      ],
    },
    transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$)'],
    snapshotSerializers: [
      'jest-preset-angular/build/serializers/no-ng-attributes',
      'jest-preset-angular/build/serializers/ng-snapshot',
      'jest-preset-angular/build/serializers/html-comment',
    ],
  };
};
