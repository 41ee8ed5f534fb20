import type { AuditEvent, Camera, PosProvider, Region } from '@regicam/portal/data-access';
import { percent } from '@regicam/portal/i18n';
import type { FilterOption } from '@regicam/portal/ui';

type Text = (key: string, params?: Record<string, unknown>) => string;
type Terminal = { provider: PosProvider; contractId: string; terminalId: string };

/** One register among every POS: `provider:contractId:terminalId`, as the API keys terminals. */
export const terminalKeyOf = (t: Terminal): string => `${t.provider}:${t.contractId}:${t.terminalId}`;

/** A register in words: `スマレジ demo / 1`. */
export const terminalText = (t: Terminal, text: Text): string =>
  text('audit.terminalLabel', {
    provider: text(`provider.${t.provider}`),
    contract: t.contractId,
    terminal: t.terminalId,
  });

/** Every register that appears in the history, once each, in the order of first appearance. */
export function terminalOptions(events: AuditEvent[], text: Text): FilterOption[] {
  const seen = new Map<string, FilterOption>();
  for (const e of events) {
    const key = terminalKeyOf(e);
    if (!seen.has(key)) seen.set(key, { value: key, label: terminalText(e, text) });
  }
  return [...seen.values()];
}

/** The owner's cameras, and any other camera the history names (one no longer with the POS option). */
export function cameraOptions(events: AuditEvent[], cameras: Camera[], text: Text): FilterOption[] {
  const options = new Map(cameras.map((c) => [c.cameraId, { value: c.cameraId, label: c.name }]));
  for (const e of events) {
    if (!options.has(e.cameraId)) {
      options.set(e.cameraId, { value: e.cameraId, label: text('camera.unknown', { id: e.cameraId }) });
    }
  }
  return [...options.values()];
}

/** A camera's name, or says that it is not among the owner's cameras now. */
export function cameraText(id: string, cameras: Camera[], text: Text): string {
  return cameras.find((c) => c.cameraId === id)?.name ?? text('camera.unknown', { id });
}

/** A region in words, or the whole picture. */
export function regionText(region: Region | null, text: Text): string {
  return region
    ? text('region.value', {
        x: percent(region.x),
        y: percent(region.y),
        w: percent(region.width),
        h: percent(region.height),
      })
    : text('region.whole');
}

/** Who made the change: the name, and the email when it says more. Never the bare id. */
export function actorText(e: { actorName: string; actorEmail: string | null }): string {
  return e.actorEmail && e.actorEmail !== e.actorName ? `${e.actorName} (${e.actorEmail})` : e.actorName;
}

/**
 * Why, in the language shown: the reasons RegiCam records (`removed by the
 * owner`, `relinked to camera <id>`) in words with the camera's name; any
 * other reason as it was recorded.
 */
export function reasonText(reason: string | null, cameras: Camera[], text: Text): string {
  if (!reason) return '';
  if (reason === 'removed by the owner') return text('audit.reasonRemoved');
  const relinked = /^relinked to camera (.+)$/.exec(reason);
  if (relinked) return text('audit.reasonRelinked', { camera: cameraText(relinked[1], cameras, text) });
  return reason;
}

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet (`=`, `+`, `-`, `@`). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const CSV_COLUMNS = [
  'at',
  'type',
  'actorName',
  'actorEmail',
  'actor',
  'reason',
  'linkId',
  'provider',
  'contractId',
  'terminalId',
  'cameraId',
  'cameraName',
  'region',
] as const;

/**
 * The history as CSV (RFC 4180, CRLF), the columns of the CLI's audit and
 * the actor's name and email, the camera's name, the region as
 * `x;y;width;height`. Starts with a byte-order mark so that spreadsheets
 * read the Japanese as UTF-8.
 */
export function auditCsv(events: AuditEvent[], cameras: Camera[]): string {
  const rows = events.map((e) => {
    const values: Record<(typeof CSV_COLUMNS)[number], string> = {
      at: e.at,
      type: e.type,
      actorName: e.actorName,
      actorEmail: e.actorEmail ?? '',
      actor: e.actor,
      reason: e.reason ?? '',
      linkId: e.linkId,
      provider: e.provider,
      contractId: e.contractId,
      terminalId: e.terminalId,
      cameraId: e.cameraId,
      cameraName: cameras.find((c) => c.cameraId === e.cameraId)?.name ?? '',
      region: e.region ? [e.region.x, e.region.y, e.region.width, e.region.height].join(';') : '',
    };
    return CSV_COLUMNS.map((c) => cell(values[c])).join(',');
  });
  return `\ufeff${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
