import { LinkQueries, type LinkHistoryEntry } from '@regicam/links';
import type { Stores } from '@regicam/runtime';

export type AuditOptions = {
  terminal?: string;
  camera?: string;
  from?: string;
  to?: string;
  /** The links as they were at this time, instead of the history. */
  at?: string;
  format: 'table' | 'ndjson' | 'csv';
};

const COLUMNS = [
  'at',
  'type',
  'actor',
  'reason',
  'ownerId',
  'linkId',
  'provider',
  'contractId',
  'terminalId',
  'cameraId',
  'region',
] as const;

function row(e: LinkHistoryEntry): Record<(typeof COLUMNS)[number], string> {
  return {
    at: e.at,
    type: e.eventType,
    actor: e.actor,
    reason: e.reason ?? '',
    ownerId: e.ownerId,
    linkId: e.linkId,
    provider: e.provider,
    contractId: e.contractId,
    terminalId: e.terminalId,
    cameraId: e.cameraId,
    region: e.region ? JSON.stringify(e.region) : '',
  };
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const iso = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new Error(`--${name} must be an ISO 8601 time, e.g. 2026-11-28T09:00:00+09:00`);
  return new Date(t).toISOString();
};

/** The link history (or the state at a time) of every owner, formatted for a terminal or an export. */
export async function audit(stores: Stores, options: AuditOptions): Promise<string> {
  const queries = await LinkQueries.open(stores.readStore);
  const at = iso('at', options.at);
  const entries = at
    ? await queries.stateAt(at, null)
    : await queries.history({
        ownerId: null,
        terminalId: options.terminal,
        cameraId: options.camera,
        from: iso('from', options.from),
        to: iso('to', options.to),
      });
  const rows = entries
    .filter(
      (e) =>
        (!options.terminal || e.terminalId === options.terminal) && (!options.camera || e.cameraId === options.camera),
    )
    .map(row);
  switch (options.format) {
    case 'ndjson':
      return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
    case 'csv':
      return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
    case 'table': {
      if (rows.length === 0) return at ? `no link was in force at ${at}\n` : 'no link events match\n';
      const shown = ['at', 'type', 'actor', 'reason', 'terminalId', 'cameraId'] as const;
      const widths = shown.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
      const line = (cells: string[]) =>
        cells
          .map((v, i) => v.padEnd(widths[i]))
          .join('  ')
          .trimEnd();
      return [line([...shown]), ...rows.map((r) => line(shown.map((c) => r[c])))].join('\n') + '\n';
    }
  }
}
