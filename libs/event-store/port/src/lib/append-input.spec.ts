import { prepareAppend } from './append-input';

const id = '3f2b8c1e-5d4a-4b7e-9c10-0a1b2c3d4e5f';

describe('prepareAppend', () => {
  it('serialises the events, lower-cases the ids and gives metadata {} when there is none', () => {
    expect(
      prepareAppend('link-ubiregi-c1-t1', [{ id: id.toUpperCase(), type: 'LinkCreated.v1', data: { a: 1 } }], 'any'),
    ).toEqual([{ id, type: 'LinkCreated.v1', data: '{"a":1}', metadata: '{}' }]);
  });

  it.each([
    ['an empty stream name', '', [{ id, type: 'A.v1', data: {} }], 'any', /streamName/],
    ['a system stream', '$all', [{ id, type: 'A.v1', data: {} }], 'any', /\$/],
    ['no events', 'link-a', [], 'any', /no events/],
    ['an id that is not a UUID', 'link-a', [{ id: 'e-1', type: 'A.v1', data: {} }], 'any', /UUID/],
    ['a system type', 'link-a', [{ id, type: '$>', data: {} }], 'any', /type/],
    ['data that is not an object', 'link-a', [{ id, type: 'A.v1', data: [1] }], 'any', /JSON object/],
    ['a negative revision', 'link-a', [{ id, type: 'A.v1', data: {} }], -1, /revision/],
    ['a fractional revision', 'link-a', [{ id, type: 'A.v1', data: {} }], 1.5, /revision/],
    ['an unknown state', 'link-a', [{ id, type: 'A.v1', data: {} }], 'no-stream', /revision/],
  ])('refuses %s', (_what, stream, events, expected, message) => {
    expect(() => prepareAppend(stream as string, events as never, expected as never)).toThrow(message as RegExp);
  });

  it('refuses an id twice in one batch, whatever its case', () => {
    const events = [
      { id, type: 'A.v1', data: {} },
      { id: id.toUpperCase(), type: 'B.v1', data: {} },
    ];
    expect(() => prepareAppend('link-a', events, 'any')).toThrow(/twice/);
  });

  it('refuses data JSON cannot hold, naming the event', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const events = [
      { id, type: 'A.v1', data: {} },
      { id: '3f2b8c1e-5d4a-4b7e-9c10-0a1b2c3d4e60', type: 'A.v1', data: cyclic },
    ];
    expect(() => prepareAppend('link-a', events, 'any')).toThrow(/event 1: data is not JSON-serialisable/);
  });
});
