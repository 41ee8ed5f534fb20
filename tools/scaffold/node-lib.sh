#!/usr/bin/env bash
# Creates a TypeScript library for Node.js code under libs/ with the
# workspace's jest, lint and tsconfig set-up, and registers its import path.
# usage: tools/scaffold/node-lib.sh <dir under libs/> <project name> <import path> <tags>
# e.g.   tools/scaffold/node-lib.sh messaging/kafka messaging-kafka @regicam/messaging/kafka scope:server,type:adapter
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="libs/$1" name="$2" import="$3" tags="$4"
[ -e "$dir" ] && { echo "$dir exists already" >&2; exit 1; }
depth=$(echo "$dir" | awk -F/ '{ s=""; for (i=1;i<=NF;i++) s=s"../"; print s }')
mkdir -p "$dir/src"
tag_json=$(echo "$tags" | awk -F, '{ for (i=1;i<=NF;i++) printf "%s\"%s\"", (i>1?", ":""), $i }')
cat > "$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "${depth}node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$dir/src",
  "projectType": "library",
  "tags": [$tag_json],
  "targets": {}
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "${depth}tsconfig.base.json",
  "compilerOptions": {
    "module": "commonjs",
    "noImplicitReturns": true,
    "noPropertyAccessFromIndexSignature": true
  },
  "files": [],
  "include": [],
  "references": [{ "path": "./tsconfig.lib.json" }, { "path": "./tsconfig.spec.json" }]
}
JSON
cat > "$dir/tsconfig.lib.json" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": { "outDir": "${depth}dist/out-tsc", "declaration": true, "types": ["node"] },
  "include": ["src/**/*.ts"],
  "exclude": ["jest.config.cts", "src/**/*.spec.ts"]
}
JSON
cat > "$dir/tsconfig.spec.json" <<JSON
{
  "extends": "./tsconfig.json",
  "compilerOptions": {
    "outDir": "${depth}dist/out-tsc",
    "module": "commonjs",
    "moduleResolution": "node10",
    "types": ["jest", "node"]
  },
  "include": ["jest.config.cts", "src/**/*.spec.ts", "src/**/*.ts"]
}
JSON
cat > "$dir/jest.config.cts" <<JS
module.exports = {
  displayName: '$name',
  preset: '${depth}jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\\\.[tj]s\$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', isolatedModules: true }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
JS
cat > "$dir/eslint.config.mjs" <<JS
import baseConfig from '${depth}eslint.config.mjs';

export default [...baseConfig];
JS
echo "export {};" > "$dir/src/index.ts"
node -e '
const fs=require("fs");const f="tsconfig.base.json";const p=JSON.parse(fs.readFileSync(f));
p.compilerOptions.paths[process.argv[1]]=["./"+process.argv[2]+"/src/index.ts"];
p.compilerOptions.paths=Object.fromEntries(Object.entries(p.compilerOptions.paths).sort(([a],[b])=>a.localeCompare(b)));
fs.writeFileSync(f,JSON.stringify(p,null,2)+"\n");' "$import" "$dir"
npx prettier --write tsconfig.base.json "$dir" >/dev/null
echo "created $dir ($name, $import, $tags)"
