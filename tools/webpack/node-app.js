const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { existsSync } = require('fs');
const { basename, join } = require('path');

/**
 * The webpack build of one of our Node.js apps (`apps/<name>`): TypeScript
 * through tsc (decorator metadata for NestJS), the workspace libraries
 * bundled, node_modules left outside, a package.json of what it uses.
 */
module.exports = function nodeApp(appDir) {
  const assets = existsSync(join(appDir, 'src', 'assets')) ? ['./src/assets'] : [];
  return {
    output: {
      path: join(appDir, '../../dist/apps', basename(appDir)),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets,
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
      }),
    ],
  };
};
