import nx from '@nx/eslint-plugin';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * Module boundaries. Every project is tagged with one `scope:*` (who owns
 * it) and one `type:*` (what it may hold). The constraints below are the
 * architecture's rules, enforced on every import:
 * - type:domain holds the pure model: it imports only domain and util, and
 *   no package that does I/O;
 * - type:port declares an interface to the outside; type:adapter implements
 *   one and never imports another adapter;
 * - type:ui imports only ui and util; HTTP lives in type:data-access;
 * - only type:app composes adapters into a running process.
 */
const IO_PACKAGES = [
  'fs',
  'node:*',
  'http',
  'https',
  'net',
  'child_process',
  'better-sqlite3',
  'kafkajs',
  'mongodb',
  'sharp',
  '@nestjs/*',
  '@angular/*',
  '@eventstore/*',
  '@kurrent/*',
  'express',
  'pino',
];

/** The boundaries of production code. */
const depConstraints = [
  // What a project may hold, by type.
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:util'],
    bannedExternalImports: IO_PACKAGES,
  },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util'] },
  {
    sourceTag: 'type:port',
    onlyDependOnLibsWithTags: ['type:port', 'type:contracts', 'type:domain', 'type:util'],
  },
  {
    sourceTag: 'type:adapter',
    onlyDependOnLibsWithTags: ['type:port', 'type:contracts', 'type:domain', 'type:util', 'type:testing'],
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:port', 'type:contracts', 'type:domain', 'type:util'],
  },
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util'] },
  {
    sourceTag: 'type:data-access',
    onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:util'],
  },
  {
    sourceTag: 'type:feature',
    // A feature is application logic: on the server it uses ports, never adapters.
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:ui',
      'type:data-access',
      'type:port',
      'type:domain',
      'type:contracts',
      'type:util',
    ],
  },
  // Builds the configured adapters and clients for the apps: the only libraries that compose.
  {
    sourceTag: 'type:composition',
    onlyDependOnLibsWithTags: [
      'type:composition',
      'type:adapter',
      'type:port',
      'type:feature',
      'type:domain',
      'type:contracts',
      'type:util',
    ],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:ui',
      'type:data-access',
      'type:adapter',
      'type:port',
      'type:contracts',
      'type:domain',
      'type:util',
      'type:testing',
      'type:composition',
    ],
  },
  // Who may use it, by scope: shared code is for everyone; the
  // portal's libraries are the portal's; the server side never
  // imports the portal.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:portal', 'scope:shared'] },
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
  // The API composes the simulators into the embedded default (`npm start`).
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared', 'scope:simulators'] },
  { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
  { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
  { sourceTag: 'scope:simulators', onlyDependOnLibsWithTags: ['scope:simulators', 'scope:shared'] },
  // Browser tests drive the whole process and act as the outside systems (the POS simulator in the test).
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:e2e', 'scope:shared', 'scope:simulators'] },
  // Benchmarks and scripts measure the server side, driving the simulators as tests do.
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared', 'scope:simulators'] },
];

/**
 * Tests compose real parts: a test may open an adapter (the SQLite read
 * store, say) or a simulator of an outside system to run against, never a mock.
 */
const testDepConstraints = depConstraints.map((c) => {
  if (
    c.onlyDependOnLibsWithTags &&
    ['type:feature', 'type:port', 'type:testing', 'type:adapter'].includes(c.sourceTag)
  ) {
    return { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:adapter', 'type:feature'] };
  }
  // Server code is tested against the simulators of the outside systems.
  if (c.sourceTag === 'scope:server' || c.sourceTag === 'scope:api' || c.sourceTag === 'scope:worker') {
    return { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'scope:simulators'] };
  }
  return c;
});

const boundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
    depConstraints: constraints,
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/.angular', '**/coverage', '**/tmp', '**/webpack.config.js'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: { '@nx/enforce-module-boundaries': boundaries(depConstraints) },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(testDepConstraints) },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // No import cycles, within a project or across projects (through the tsconfig paths).
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.base.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
];
