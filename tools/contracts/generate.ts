/**
 * Writes the published schemas of RegiCam's topics from the zod schemas in
 * libs/contracts: docs/asyncapi.yaml and docs/schemas/*.json. Run it with
 * `npm run contracts:generate` after changing a schema; a unit test of
 * libs/contracts fails while the checked-in files differ.
 */
import { generatedFiles } from '@regicam/contracts/generate';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const files = generatedFiles();
// Schemas of topics that are gone go too: the folder holds what is generated, nothing else.
rmSync(join(root, 'docs', 'schemas'), { recursive: true, force: true });
for (const file of files) {
  mkdirSync(dirname(join(root, file.path)), { recursive: true });
  writeFileSync(join(root, file.path), file.content);
}
process.stdout.write(`wrote ${files.map((f) => f.path).join(', ')}\n`);
