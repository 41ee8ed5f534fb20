import {
  ANY,
  EVENT_TYPE,
  NO_STREAM,
  STREAM_EXISTS,
  STREAM_NAME,
  WrongExpectedVersionError,
  type RecordedEvent,
  type RegexFilter,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError, checkFilter, prepareAppend } from '@regicam/event-store';
import {
  comparePositions,
  decodePosition,
  encodePosition,
  toEventData,
  toPortError,
  toServerFilter,
  toStoredEvent,
  toStreamState,
} from './mapping';

const MAX = 2n ** 64n - 1n;

describe('positions', () => {
  it('encode as zero-padded commit/prepare and decode back', () => {
    expect(encodePosition({ commit: 0n, prepare: 0n })).toBe('00000000000000000000/00000000000000000000');
    expect(encodePosition({ commit: 1234n, prepare: 1200n })).toBe('00000000000000001234/00000000000000001200');
    expect(encodePosition({ commit: MAX, prepare: MAX })).toBe('18446744073709551615/18446744073709551615');
    for (const position of [
      { commit: 0n, prepare: 0n },
      { commit: 987654321n, prepare: 987654000n },
      { commit: MAX, prepare: 1n },
    ]) {
      expect(decodePosition(encodePosition(position))).toEqual(position);
    }
  });

  it('refuse what is not a position', () => {
    expect(() => encodePosition({ commit: -1n, prepare: -1n })).toThrow(RangeError);
    for (const text of ['', '12/34', '1', '00000000000000000001', 'a'.repeat(20) + '/' + '0'.repeat(20), '42']) {
      expect(() => decodePosition(text)).toThrow(/not a position/);
    }
  });

  it('sort as strings the way the log is ordered: by commit, then by prepare', () => {
    const positions = [
      { commit: 5n, prepare: 5n },
      { commit: 100n, prepare: 90n },
      { commit: 100n, prepare: 100n },
      { commit: 99n, prepare: 99n },
      { commit: 10n ** 12n, prepare: 3n },
      { commit: 0n, prepare: 0n },
    ];
    const byBigint = [...positions].sort(comparePositions).map(encodePosition);
    const byString = positions.map(encodePosition).sort();
    expect(byString).toEqual(byBigint);
    expect(byBigint[0]).toBe(encodePosition({ commit: 0n, prepare: 0n }));
    expect(comparePositions({ commit: 100n, prepare: 90n }, { commit: 100n, prepare: 100n })).toBe(-1);
    expect(comparePositions({ commit: 7n, prepare: 7n }, { commit: 7n, prepare: 7n })).toBe(0);
  });
});

describe('expected revisions', () => {
  it('map to the client stream states', () => {
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
  });

  it("turn the server's wrong expected version into the port's error, with the actual revision", () => {
    const stale = new WrongExpectedVersionError(undefined, { streamName: 'link-a', expected: 3n, current: 7n });
    expect(toPortError(stale, 'link-a', 3)).toEqual(new WrongExpectedRevisionError('link-a', 3, 7));
    const missing = new WrongExpectedVersionError(undefined, {
      streamName: 'link-b',
      expected: STREAM_EXISTS,
      current: NO_STREAM,
    });
    const mapped = toPortError(missing, 'link-b', 'stream_exists') as WrongExpectedRevisionError;
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamName: 'link-b', expected: 'stream_exists', actual: 'no_stream' });
    const other = new Error('unavailable');
    expect(toPortError(other, 'link-c', 'any')).toBe(other);
  });
});

describe('filters', () => {
  it('leave system events out when there is no filter', () => {
    const filter = toServerFilter(checkFilter(undefined)) as RegexFilter;
    expect(filter.filterOn).toBe(EVENT_TYPE);
    expect(new RegExp(filter.regex).test('$metadata')).toBe(false);
    expect(new RegExp(filter.regex).test('LinkCreated.v1')).toBe(true);
  });

  it('match whole event types, with regex characters taken literally', () => {
    const filter = toServerFilter(checkFilter({ eventTypes: ['LinkCreated.v1', 'Odd(type)+'] })) as RegexFilter;
    expect(filter.filterOn).toBe(EVENT_TYPE);
    expect(filter.regex).toBe('^(?:LinkCreated\\.v1|Odd\\(type\\)\\+)$');
    const regex = new RegExp(filter.regex);
    expect(['LinkCreated.v1', 'Odd(type)+'].map((t) => regex.test(t))).toEqual([true, true]);
    expect(['LinkCreated.v10', 'LinkCreatedXv1', 'xLinkCreated.v1', 'Oddtype'].some((t) => regex.test(t))).toBe(false);
  });

  it('pass stream prefixes to the server as prefixes', () => {
    expect(toServerFilter(checkFilter({ streamPrefixes: ['link-', 'transaction-'] }))).toMatchObject({
      filterOn: STREAM_NAME,
      prefixes: ['link-', 'transaction-'],
    });
  });
});

describe('events', () => {
  it('are written as JSON with the id of the port, in lower case', () => {
    const event = { id: 'A0B1C2D3-0000-4000-8000-00000000000F', type: 'LinkCreated.v1', data: { cameraId: 'c1' } };
    const [prepared] = prepareAppend('link-a', [event], 'no_stream');
    expect(toEventData(event, prepared)).toEqual({
      id: 'a0b1c2d3-0000-4000-8000-00000000000f',
      contentType: 'application/json',
      type: 'LinkCreated.v1',
      data: { cameraId: 'c1' },
      metadata: {},
    });
  });

  const recorded = (overrides: Partial<Record<string, unknown>>) =>
    ({
      streamId: 'transaction-ubiregi-c1-r1',
      id: 'a0b1c2d3-0000-4000-8000-00000000000f',
      isJson: true,
      revision: 4n,
      type: 'TransactionReceived.v1',
      created: new Date('2026-11-28T10:00:00.000Z'),
      data: { total: 1280 },
      metadata: undefined,
      position: { commit: 2048n, prepare: 2000n },
      ...overrides,
    }) as unknown as RecordedEvent;

  it('are read back in the terms of the port', () => {
    expect(toStoredEvent(recorded({}))).toEqual({
      id: 'a0b1c2d3-0000-4000-8000-00000000000f',
      type: 'TransactionReceived.v1',
      data: { total: 1280 },
      metadata: {},
      streamName: 'transaction-ubiregi-c1-r1',
      revision: 4,
      position: '00000000000000002048/00000000000000002000',
      recordedAt: '2026-11-28T10:00:00.000Z',
    });
    const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value)));
    const binary = toStoredEvent(recorded({ isJson: false, data: bytes({ a: 1 }), metadata: bytes({ actor: 'x' }) }));
    expect(binary).toMatchObject({ data: { a: 1 }, metadata: { actor: 'x' } });
  });

  it('need a position from the server', () => {
    expect(() => toStoredEvent(recorded({ position: undefined }))).toThrow(/22\.6/);
  });
});
