import { ReadStoreError } from '../lib/errors';
import type { Collection, ReadDocument } from '../lib/read-store';
import type { ContractContext } from './context';

interface Receipt extends ReadDocument {
  receiptNo: string;
  total?: number;
  lines?: Array<{ sku: string; qty: number }>;
  staff?: { name: string; code: string | null };
  cancelled?: boolean;
  note?: string | null;
}

export function documentsContract({ store, open, unique }: ContractContext): void {
  let receipts: Collection<Receipt>;

  beforeEach(async () => {
    receipts = await store().collection<Receipt>(unique('receipts'));
  });

  it('stores a document and returns it as it was given', async () => {
    const doc: Receipt = {
      id: 'r-1',
      version: 3,
      receiptNo: 'レシート 0001',
      total: -12.5,
      lines: [
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 2 },
      ],
      staff: { name: '佐藤', code: null },
      cancelled: false,
      note: null,
    };
    expect(await receipts.upsert(doc)).toBe('applied');
    expect(await receipts.get('r-1')).toEqual(doc);
    expect(await receipts.get('r-2')).toBeNull();
    expect(receipts.name).toMatch(/^receipts_/);
  });

  it('replaces the whole document with a newer version', async () => {
    await receipts.upsert({ id: 'r-1', version: 1, receiptNo: '1', total: 100, note: 'first' });
    expect(await receipts.upsert({ id: 'r-1', version: 2, receiptNo: '1', total: 90 })).toBe('applied');
    expect(await receipts.get('r-1')).toEqual({ id: 'r-1', version: 2, receiptNo: '1', total: 90 });
  });

  it('refuses a stale or equal version and keeps the newer document', async () => {
    await receipts.upsert({ id: 'r-1', version: 5, receiptNo: 'new' });
    expect(await receipts.upsert({ id: 'r-1', version: 4, receiptNo: 'old' })).toBe('stale');
    expect(await receipts.upsert({ id: 'r-1', version: 5, receiptNo: 'same version' })).toBe('stale');
    expect(await receipts.upsert({ id: 'r-1', version: 0, receiptNo: 'oldest' })).toBe('stale');
    expect(await receipts.get('r-1')).toEqual({ id: 'r-1', version: 5, receiptNo: 'new' });
    expect(await receipts.upsert({ id: 'r-1', version: 5.5, receiptNo: 'newer' })).toBe('applied');
    expect((await receipts.get('r-1'))?.receiptNo).toBe('newer');
  });

  it('leaves out properties set to undefined', async () => {
    await receipts.upsert({ id: 'r-1', version: 1, receiptNo: '1', note: undefined });
    const stored = await receipts.get('r-1');
    expect(stored).toEqual({ id: 'r-1', version: 1, receiptNo: '1' });
    expect(Object.keys(stored ?? {})).not.toContain('note');
  });

  it('deletes, and says when there was nothing to delete', async () => {
    await receipts.upsert({ id: 'r-1', version: 1, receiptNo: '1' });
    expect(await receipts.delete('r-1')).toBe('deleted');
    expect(await receipts.get('r-1')).toBeNull();
    expect(await receipts.delete('r-1')).toBe('absent');
  });

  it('deletes with a version only a document older than that version', async () => {
    await receipts.upsert({ id: 'r-1', version: 7, receiptNo: '1' });
    expect(await receipts.delete('r-1', { version: 7 })).toBe('absent');
    expect(await receipts.delete('r-1', { version: 6 })).toBe('absent');
    expect(await receipts.get('r-1')).not.toBeNull();
    expect(await receipts.delete('r-1', { version: 8 })).toBe('deleted');
    expect(await receipts.get('r-1')).toBeNull();
  });

  it('keeps collections apart', async () => {
    const other = await store().collection<Receipt>(unique('other'));
    await receipts.upsert({ id: 'same', version: 1, receiptNo: 'here' });
    await other.upsert({ id: 'same', version: 1, receiptNo: 'there' });
    expect((await receipts.get('same'))?.receiptNo).toBe('here');
    expect((await other.get('same'))?.receiptNo).toBe('there');
  });

  it('refuses bad documents and ids, naming what is wrong', async () => {
    const bad = (doc: unknown) => receipts.upsert(doc as Receipt);
    await expect(bad({ id: 5, version: 1, receiptNo: '1' })).rejects.toThrow(
      /id must be a non-empty string, got number/,
    );
    await expect(bad({ id: '', version: 1 })).rejects.toThrow(/id must be a non-empty string/);
    await expect(bad({ id: 'r', receiptNo: '1' })).rejects.toThrow(/document 'r'.*version must be a finite number/);
    await expect(bad({ id: 'r', version: NaN })).rejects.toThrow(/version must be a finite number/);
    await expect(bad({ id: 'r', version: 1, at: new Date() })).rejects.toThrow(/field 'at' is a Date/);
    await expect(bad({ id: 'r', version: 1, a: { b: 1n } })).rejects.toThrow(/field 'a.b' is a bigint/);
    await expect(bad({ id: 'r', version: 1, _id: 'x' })).rejects.toThrow(/'_id' is reserved/);
    await expect(bad({ id: 'r', version: 1, a: { 'b.c': 1 } })).rejects.toThrow(/field name 'a.b.c'/);
    await expect(bad({ id: 'r', version: 1, $set: 1 })).rejects.toThrow(/field name '\$set'/);
    await expect(bad(null)).rejects.toThrow(ReadStoreError);
    await expect(receipts.get(42 as unknown as string)).rejects.toThrow(/get: the id must be a non-empty string/);
    await expect(receipts.delete(null as unknown as string)).rejects.toThrow(/delete: the id must be/);
    await expect(receipts.delete('r', { version: 'x' as unknown as number })).rejects.toThrow(/version must be/);
  });

  it('refuses invalid collection names, naming them', async () => {
    for (const name of ['', '1st', 'a b', 'a.b', '$x', 'a-b', 'x'.repeat(65), 5]) {
      await expect(store().collection(name as string)).rejects.toThrow(ReadStoreError);
      await expect(store().collection(name as string)).rejects.toThrow(/invalid collection name/);
    }
  });

  it('refuses every call once closed, and closes twice without error', async () => {
    const second = await open();
    const name = unique('closing');
    const collection = await second.collection<Receipt>(name);
    await second.close();
    await second.close();
    await expect(collection.get('r-1')).rejects.toThrow(/closed/);
    await expect(collection.upsert({ id: 'r-1', version: 1, receiptNo: '1' })).rejects.toThrow(/closed/);
    await expect(second.collection(name)).rejects.toThrow(/closed/);
    await expect(second.checkpoint('p')).rejects.toThrow(/closed/);
  });
}
