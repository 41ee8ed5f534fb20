import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRecord } from '../lib/record-codec';
import { TOPICS, carriesPosition, topicContract, type TopicName } from '../lib/topics';
import { asyncApiDocument } from './asyncapi';
import { generatedFiles } from './generated-files';

const root = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return null;
  }
};

describe('the published schemas', () => {
  it('are checked in as the zod schemas generate them', () => {
    const files = generatedFiles();
    const stale = files.filter((file) => read(file.path) !== file.content).map((file) => file.path);
    const generated = new Set(files.map((file) => file.path));
    const extra = readdirSync(join(root, 'docs', 'schemas'))
      .map((name) => `docs/schemas/${name}`)
      .filter((path) => !generated.has(path));
    if (stale.length > 0 || extra.length > 0) {
      throw new Error(
        `${[...stale, ...extra].join(', ')} differ from what the schemas generate: run npm run contracts:generate`,
      );
    }
  });

  it('the AsyncAPI document: a message per record type, every reference resolving', () => {
    const document = asyncApiDocument() as { channels: Record<string, { address: string; messages: object }> };
    const refs: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else collect(value);
        }
      }
    };
    collect(document);
    const resolve = (ref: string) =>
      ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
    expect(refs.filter((ref) => resolve(ref) === undefined)).toEqual([]);
    const channels = Object.values(document.channels).map((c) => [c.address, Object.keys(c.messages)]);
    expect(channels).toEqual(
      Object.values(TOPICS).flatMap((t) => [
        [t.name, t.types],
        [`${t.name}.dlq`, ['DeadLetter']],
      ]),
    );
  });
});

describe('docs/topics.md', () => {
  /** The JSON examples under each topic's heading (`## regicam.…`). */
  const examples = (): { topic: string; value: string }[] => {
    const found: { topic: string; value: string }[] = [];
    let topic = '';
    const text = read('docs/topics.md') ?? '';
    for (const [, heading, json] of text.matchAll(/^## `?([\w.-]+)`?.*$|^```json\n([\s\S]*?)^```$/gm)) {
      if (heading) topic = heading;
      else if (json && topicContract(topic)) found.push({ topic, value: json });
    }
    return found;
  };

  it('shows a valid example of every type of every topic', () => {
    const shown = examples().map(({ topic, value }) => {
      const name = topic as TopicName;
      const parsed = JSON.parse(value) as { type: string };
      try {
        encodeRecord(name, parsed as never, carriesPosition(topicContract(name)!) ? { position: '1' } : {});
        return `${topic} ${parsed.type}: valid`;
      } catch (error) {
        return `${topic} ${parsed.type}: ${(error as Error).message}`;
      }
    });
    const everyType = Object.values(TOPICS).flatMap((t) => t.types.map((type) => `${t.name} ${type}: valid`));
    expect([...new Set(shown)]).toEqual(everyType);
  });
});
