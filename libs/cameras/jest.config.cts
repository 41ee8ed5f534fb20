module.exports = {
  displayName: 'cameras',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // source/, safie/, simulator/ and gateway/ below are projects of their own with their own tests.
  roots: ['<rootDir>/src'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
