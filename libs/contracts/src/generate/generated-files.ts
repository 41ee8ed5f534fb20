import YAML from 'yaml';
import { asyncApiDocument } from './asyncapi';
import { jsonSchemas } from './json-schemas';

export type GeneratedFile = { path: string; content: string };

/** The files `npm run contracts:generate` writes, relative to the workspace root. */
export function generatedFiles(): GeneratedFile[] {
  // A JSON round trip drops shared object references, so the YAML has no anchors.
  const document = JSON.parse(JSON.stringify(asyncApiDocument()));
  const header = '# Generated from libs/contracts by `npm run contracts:generate`; do not edit.\n';
  return [
    { path: 'docs/asyncapi.yaml', content: header + YAML.stringify(document) },
    ...jsonSchemas().map(({ name, schema }) => ({
      path: `docs/schemas/${name}.json`,
      content: `${JSON.stringify(schema, null, 2)}\n`,
    })),
  ];
}
