import { encodeRecord, TOPIC } from '@regicam/contracts';
import { joinTransaction } from './link-join';
import { LinkTable } from './link-table';
import { linkCreated, linkRemoved, transaction } from '../testing/records';

const TERMINAL = 'smaregi:demo:1';
const NOW = new Date('2026-12-01T12:00:05.000Z');

describe('joinTransaction (stage 1)', () => {
  const table = new LinkTable();
  const region = { x: 0.5, y: 0, width: 0.5, height: 1 };
  table.apply(
    linkCreated({ linkId: 'a', cameraId: 'cam-a', terminalKey: TERMINAL, region, at: '2026-12-01T09:00:00.000Z' }),
  );
  table.apply(linkRemoved({ linkId: 'a', cameraId: 'cam-a', terminalKey: TERMINAL, at: '2026-12-01T12:00:00.000Z' }));
  table.apply(
    linkCreated({
      linkId: 'b',
      cameraId: 'cam-b',
      terminalKey: TERMINAL,
      region: null,
      at: '2026-12-01T12:00:00.000Z',
    }),
  );

  describe('given a transaction on a terminal linked at its time', () => {
    it('then it goes to the camera of the link in force at occurredAt, seen now', () => {
      const sale = transaction({ transactionId: '25', terminalKey: TERMINAL, occurredAt: '2026-12-01T11:59:59.000Z' });
      const result = joinTransaction(sale, table, NOW);
      expect(result).toEqual({
        kind: 'linked',
        value: {
          type: 'TransactionLinked',
          transaction: sale,
          link: { linkId: 'a', ownerId: 'owner-1', cameraId: 'cam-a', region },
          seenAt: NOW.toISOString(),
        },
      });
      // It is a valid record of join.by-camera, keyed by the camera.
      if (result.kind === 'linked') expect(encodeRecord(TOPIC.joinByCamera, result.value).key).toBe('cam-a');
    });

    it('then a sale after the relink goes to the new camera', () => {
      const sale = transaction({ transactionId: '26', terminalKey: TERMINAL, occurredAt: '2026-12-01T12:00:01.000Z' });
      const result = joinTransaction(sale, table, NOW);
      expect(result.kind === 'linked' && result.value.link.cameraId).toBe('cam-b');
    });
  });

  describe('given a transaction on a terminal not linked at its time', () => {
    it('then its outcome is NoPicture not_linked, keyed by the transaction', () => {
      const sale = transaction({ transactionId: '7', terminalKey: TERMINAL, occurredAt: '2026-12-01T08:00:00.000Z' });
      const result = joinTransaction(sale, table, NOW);
      expect(result).toEqual({
        kind: 'not_linked',
        value: {
          type: 'NoPicture',
          transactionKey: 'smaregi:demo:7',
          ownerId: null,
          cameraId: null,
          linkId: null,
          reason: 'not_linked',
          createdAt: NOW.toISOString(),
        },
      });
      if (result.kind === 'not_linked') expect(encodeRecord(TOPIC.thumbnails, result.value).key).toBe('smaregi:demo:7');
    });
  });
});
