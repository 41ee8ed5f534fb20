import type { LinksValue } from '@regicam/contracts';
import { LinkTable } from './link-table';
import { linkCreated, linkRemoved } from '../testing/records';

const TERMINAL = 'smaregi:demo:1';
const old = { linkId: 'link-old', cameraId: 'camera-a', region: { x: 0, y: 0, width: 0.5, height: 1 } };
const next = { linkId: 'link-new', cameraId: 'camera-b', region: null };

const given = (records: LinksValue[]) => {
  const table = new LinkTable();
  records.forEach((r) => table.apply(r));
  return table;
};

describe('LinkTable', () => {
  describe('a terminal linked at 09:00 and relinked at 12:00:00', () => {
    const history = [
      linkCreated({ ...old, terminalKey: TERMINAL, at: '2026-12-01T09:00:00.000Z' }),
      linkRemoved({ ...old, terminalKey: TERMINAL, at: '2026-12-01T12:00:00.000Z' }),
      linkCreated({ ...next, terminalKey: TERMINAL, at: '2026-12-01T12:00:00.000Z' }),
    ];

    it('gives the old camera up to the relink, the new one from it on', () => {
      const table = given(history);
      expect(table.linkAt(TERMINAL, '2026-12-01T08:59:59.999Z')).toBeNull();
      expect(table.linkAt(TERMINAL, '2026-12-01T09:00:00.000Z')?.linkId).toBe('link-old');
      expect(table.linkAt(TERMINAL, '2026-12-01T11:59:59.000Z')).toEqual({ ...old, ownerId: 'owner-1' });
      expect(table.linkAt(TERMINAL, '2026-12-01T12:00:00.000Z')?.linkId).toBe('link-new');
      expect(table.linkAt(TERMINAL, '2026-12-01T12:00:01.000Z')).toEqual({ ...next, ownerId: 'owner-1' });
    });

    it('gives the same table whatever the order of the relink records, and applied twice', () => {
      const [created, removed, relinked] = history;
      const orders = [
        [created, removed, relinked],
        [created, relinked, removed],
        [relinked, removed, created],
        [removed, created, relinked, relinked, removed, created],
      ];
      for (const order of orders) {
        const table = given(order);
        expect(table.size).toBe(2);
        for (const t of ['2026-12-01T11:59:59.000Z', '2026-12-01T12:00:00.000Z', '2026-12-01T13:00:00.000Z']) {
          expect(table.linkAt(TERMINAL, t)).toEqual(given(history).linkAt(TERMINAL, t));
        }
      }
    });

    it('reports that a record applied again changes nothing', () => {
      const table = given(history);
      expect(history.map((r) => table.apply(r))).toEqual([false, false, false]);
    });
  });

  describe('a link removed and not relinked', () => {
    it('is not linked from the removal on, and other terminals are not affected', () => {
      const table = given([
        linkCreated({ ...old, terminalKey: TERMINAL, at: '2026-12-01T09:00:00.000Z' }),
        linkCreated({ ...next, terminalKey: 'smaregi:demo:2', at: '2026-12-01T09:00:00.000Z' }),
        linkRemoved({ ...old, terminalKey: TERMINAL, at: '2026-12-01T10:00:00.000Z' }),
      ]);
      expect(table.linkAt(TERMINAL, '2026-12-01T10:00:00.000Z')).toBeNull();
      expect(table.linkAt('smaregi:demo:2', '2026-12-01T10:00:00.000Z')?.linkId).toBe('link-new');
      expect(table.linkAt('smaregi:demo:9', '2026-12-01T10:00:00.000Z')).toBeNull();
    });
  });

  describe('a removal read before its creation', () => {
    it('holds no link until the creation is read, then the interval', () => {
      const table = given([linkRemoved({ ...old, terminalKey: TERMINAL, at: '2026-12-01T10:00:00.000Z' })]);
      expect(table.linkAt(TERMINAL, '2026-12-01T09:30:00.000Z')).toBeNull();
      table.apply(linkCreated({ ...old, terminalKey: TERMINAL, at: '2026-12-01T09:00:00.000Z' }));
      expect(table.linkAt(TERMINAL, '2026-12-01T09:30:00.000Z')?.region).toEqual(old.region);
      expect(table.linkAt(TERMINAL, '2026-12-01T10:00:00.000Z')).toBeNull();
    });
  });
});
