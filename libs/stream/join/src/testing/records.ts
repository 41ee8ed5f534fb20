import type {
  CameraFramesValue,
  LinkCreatedRecord,
  LinkRemovedRecord,
  Region,
  TransactionLinked,
  TransactionReceivedRecord,
} from '@regicam/contracts';

/**
 * Valid records of the join's topics for its tests, in the shapes the
 * contracts agree (the relay and the camera gateway write them so).
 */

export const OWNER_ID = 'owner-1';

type LinkFacts = { linkId: string; cameraId: string; terminalKey: string; at: string; ownerId?: string };

function register(terminalKey: string) {
  const [provider, contractId, terminalId] = terminalKey.split(':');
  if (provider !== 'smaregi' && provider !== 'ubiregi') throw new Error(`not a terminal key: ${terminalKey}`);
  return { provider, contractId, terminalId, terminalKey } as const;
}

export function linkCreated(link: LinkFacts & { region: Region | null }): LinkCreatedRecord {
  return {
    type: 'LinkCreated',
    eventId: `created-${link.linkId}`,
    linkId: link.linkId,
    ownerId: link.ownerId ?? OWNER_ID,
    ...register(link.terminalKey),
    cameraId: link.cameraId,
    region: link.region,
    actor: OWNER_ID,
    at: link.at,
  };
}

export function linkRemoved(link: LinkFacts): LinkRemovedRecord {
  return {
    type: 'LinkRemoved',
    eventId: `removed-${link.linkId}`,
    linkId: link.linkId,
    ownerId: link.ownerId ?? OWNER_ID,
    ...register(link.terminalKey),
    cameraId: link.cameraId,
    reason: 'relinked',
    actor: OWNER_ID,
    at: link.at,
  };
}

export function transaction(t: {
  transactionId: string;
  terminalKey: string;
  occurredAt: string;
}): TransactionReceivedRecord {
  const { provider, contractId, terminalId, terminalKey } = register(t.terminalKey);
  return {
    type: 'TransactionReceived',
    eventId: `event-${t.transactionId}`,
    transactionKey: `${provider}:${contractId}:${t.transactionId}`,
    terminalKey,
    transactionId: t.transactionId,
    provider,
    contractId,
    storeId: '1',
    terminalId,
    receiptNo: t.transactionId.padStart(4, '0'),
    kind: 'payment',
    occurredAt: t.occurredAt,
    receivedAt: t.occurredAt,
    total: 1280,
    deposit: 2000,
    change: 720,
    currency: 'JPY',
    staff: null,
    refersTo: null,
    actor: 'system:smaregi-poller',
  };
}

export function transactionLinked(
  tx: TransactionReceivedRecord,
  link: { linkId: string; cameraId: string; region: Region | null },
  seenAt: string,
): TransactionLinked {
  return { type: 'TransactionLinked', transaction: tx, link: { ownerId: OWNER_ID, ...link }, seenAt };
}

export function frameCaptured(
  cameraId: string,
  capturedAt: string,
  blobId = `frames/${cameraId}/${capturedAt}.jpg`,
): CameraFramesValue {
  return { type: 'FrameCaptured', cameraId, capturedAt, receivedAt: capturedAt, blobId, width: 1920, height: 1080 };
}

export function recordingAvailable(cameraId: string, from: string, to: string): CameraFramesValue {
  return { type: 'RecordingAvailable', cameraId, from, to };
}

export function cameraConnected(cameraId: string, at: string): CameraFramesValue {
  return { type: 'CameraConnected', cameraId, at };
}

export function cameraDisconnected(cameraId: string, at: string): CameraFramesValue {
  return { type: 'CameraDisconnected', cameraId, at };
}

/** The ISO time `ms` milliseconds after `iso`. */
export const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
