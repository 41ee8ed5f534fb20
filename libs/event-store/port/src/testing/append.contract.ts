import { WrongExpectedRevisionError, type EventStore, type ExpectedRevision, type NewEvent } from '../lib/event-store';
import { type ContractContext, ids, newEvent } from './context';

async function conflict(store: EventStore, stream: string, events: NewEvent[], expected: ExpectedRevision) {
  const error = await store.append(stream, events, { expectedRevision: expected }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  return error as WrongExpectedRevisionError;
}

export function appendContract(c: ContractContext): void {
  it('appends events and reads them back in order, with revisions from 0', async () => {
    const s = c.scope('append');
    const stream = s.stream('transaction-ubiregi-c1-t1');
    const events = [
      newEvent(s.type('LinkCreated'), { cameraId: 'cam-1', region: { x: 0.1, y: 0.2 } }, { actor: 'owner-1' }),
      newEvent(s.type('LinkRemoved'), { reason: 'relink' }),
      newEvent(s.type('LinkCreated'), { cameraId: 'cam-2', total: 1280, note: 'ハロー' }),
    ];
    const before = Date.now();
    const result = await c.store().append(stream, events, { expectedRevision: 'no_stream' });
    expect(result.nextExpectedRevision).toBe(2);

    const stored = await c.store().readStream(stream);
    expect(ids(stored)).toEqual(ids(events));
    expect(stored.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(stored[0]).toMatchObject({
      type: events[0].type,
      data: events[0].data,
      metadata: { actor: 'owner-1' },
      streamName: stream,
    });
    expect(stored[1].metadata).toEqual({});
    expect(stored[2].data).toEqual(events[2].data);
    // The result names the position of the last event appended.
    expect(stored[2].position).toBe(result.position);
    expect(Date.parse(stored[0].recordedAt)).toBeGreaterThan(before - 60_000);
    expect(stored[0].recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    expect(ids(await c.store().readStream(stream, { fromRevision: 1 }))).toEqual(ids(events.slice(1)));
    expect(ids(await c.store().readStream(stream, { fromRevision: 1, maxCount: 1 }))).toEqual([events[1].id]);
    expect(await c.store().readStream(stream, { fromRevision: 3 })).toEqual([]);
  });

  it('reads a stream that does not exist as an empty list', async () => {
    expect(await c.store().readStream(c.scope('missing').stream('nothing'))).toEqual([]);
  });

  it('refuses no_stream on an existing stream', async () => {
    const s = c.scope('nostream');
    const stream = s.stream('link-smaregi-c1-t1');
    await c.store().append(stream, [newEvent(s.type('A'))], { expectedRevision: 'no_stream' });
    const error = await conflict(c.store(), stream, [newEvent(s.type('A'))], 'no_stream');
    expect(error).toMatchObject({ streamName: stream, expected: 'no_stream', actual: 0 });
    expect(await c.store().readStream(stream)).toHaveLength(1);
  });

  it('refuses a stale revision and appends at the current one', async () => {
    const s = c.scope('revision');
    const stream = s.stream('link-smaregi-c1-t2');
    await c.store().append(stream, [newEvent(s.type('A')), newEvent(s.type('B'))], { expectedRevision: 'no_stream' });
    const error = await conflict(c.store(), stream, [newEvent(s.type('C'))], 0);
    expect(error).toMatchObject({ streamName: stream, expected: 0, actual: 1 });
    await conflict(c.store(), stream, [newEvent(s.type('C'))], 2);
    const result = await c.store().append(stream, [newEvent(s.type('C'))], { expectedRevision: 1 });
    expect(result.nextExpectedRevision).toBe(2);
    expect((await c.store().readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
  });

  it('refuses stream_exists on a missing stream and appends on an existing one', async () => {
    const s = c.scope('exists');
    const stream = s.stream('link-ubiregi-c1-t3');
    const error = await conflict(c.store(), stream, [newEvent(s.type('A'))], 'stream_exists');
    expect(error).toMatchObject({ streamName: stream, expected: 'stream_exists', actual: 'no_stream' });
    expect(await c.store().readStream(stream)).toEqual([]);
    await c.store().append(stream, [newEvent(s.type('A'))], { expectedRevision: 'no_stream' });
    const result = await c.store().append(stream, [newEvent(s.type('B'))], { expectedRevision: 'stream_exists' });
    expect(result.nextExpectedRevision).toBe(1);
  });

  it('appends with any whatever the state of the stream', async () => {
    const s = c.scope('any');
    const stream = s.stream('link-ubiregi-c1-t4');
    expect(
      (await c.store().append(stream, [newEvent(s.type('A'))], { expectedRevision: 'any' })).nextExpectedRevision,
    ).toBe(0);
    expect(
      (await c.store().append(stream, [newEvent(s.type('B'))], { expectedRevision: 'any' })).nextExpectedRevision,
    ).toBe(1);
  });

  describe('idempotency: the event id decides', () => {
    for (const expected of ['no_stream', 'any'] as const) {
      it(`stores the same events appended twice with ${expected} once, and returns the same result`, async () => {
        const s = c.scope(`again_${expected}`);
        const stream = s.stream('transaction-smaregi-c1-r1');
        const events = [newEvent(s.type('TransactionReceived'), { receiptNo: '0001' }), newEvent(s.type('Noted'))];
        const after = await s.marker();
        const first = await c.store().append(stream, events, { expectedRevision: expected });
        const again = await c.store().append(stream, events, { expectedRevision: expected });
        expect(again).toEqual(first);
        expect(ids(await c.store().readStream(stream))).toEqual(ids(events));
        const all = await c.store().readAll({ after, filter: { streamPrefixes: [s.prefix] } });
        expect(ids(all)).toEqual(ids(events));
      });
    }

    it('returns the earlier result for a repeat at the revision it was first made at', async () => {
      const s = c.scope('again_revision');
      const stream = s.stream('link-ubiregi-c2-t1');
      await c.store().append(stream, [newEvent(s.type('A'))], { expectedRevision: 'no_stream' });
      const batch = [newEvent(s.type('B'))];
      const first = await c.store().append(stream, batch, { expectedRevision: 0 });
      expect(await c.store().append(stream, batch, { expectedRevision: 0 })).toEqual(first);
      expect(await c.store().readStream(stream)).toHaveLength(2);
    });
  });

  it('writes nothing of a refused append', async () => {
    const s = c.scope('atomic');
    const after = await s.marker();
    const stream = s.stream('link-smaregi-c3-t1');
    await c.store().append(stream, [newEvent(s.type('A'))], { expectedRevision: 'no_stream' });
    await conflict(c.store(), stream, [newEvent(s.type('B')), newEvent(s.type('C')), newEvent(s.type('D'))], 5);
    const unserialisable = [newEvent(s.type('B')), newEvent(s.type('C'), { total: 10n as unknown as number })];
    await expect(c.store().append(stream, unserialisable, { expectedRevision: 0 })).rejects.toThrow(/JSON/);
    expect(await c.store().readStream(stream)).toHaveLength(1);
    expect(await c.store().readAll({ after, filter: { streamPrefixes: [s.prefix] } })).toHaveLength(1);
  });

  it('checks its input before writing anything', async () => {
    const s = c.scope('input');
    const stream = s.stream('link-smaregi-c4-t1');
    const store = c.store();
    const ok = newEvent(s.type('A'));
    await expect(store.append(stream, [], { expectedRevision: 'any' })).rejects.toThrow(/no events/);
    await expect(store.append(stream, [{ ...ok, id: 'not-a-uuid' }], { expectedRevision: 'any' })).rejects.toThrow(
      /UUID/,
    );
    await expect(store.append(stream, [ok, { ...ok }], { expectedRevision: 'any' })).rejects.toThrow(/twice/);
    await expect(store.append('$system', [ok], { expectedRevision: 'any' })).rejects.toThrow(/\$/);
    await expect(store.append(stream, [newEvent('$metadata')], { expectedRevision: 'any' })).rejects.toThrow(/\$/);
    await expect(store.append(stream, [ok], { expectedRevision: -1 })).rejects.toThrow(/revision/);
    expect(await store.readStream(stream)).toEqual([]);
  });
}
