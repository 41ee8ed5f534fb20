import { z } from 'zod';
import { Id, Time } from '../schema';
import { Region } from './region';
import { TransactionReceivedRecord } from './transactions';

export const TransactionLinked = z
  .strictObject({
    type: z.literal('TransactionLinked'),
    transaction: TransactionReceivedRecord,
    link: z
      .strictObject({
        linkId: Id,
        ownerId: Id,
        cameraId: Id.describe('The camera of the link; the record key.'),
        region: Region.nullable(),
      })
      .describe("The link in force at the transaction's occurredAt."),
    seenAt: Time.describe('When the join first saw the transaction; the grace period counts from it.'),
  })
  .meta({ id: 'TransactionLinked', description: 'A transaction with the link in force at its time (internal).' });
export type TransactionLinked = z.infer<typeof TransactionLinked>;

/** The value of regicam.join.by-camera (internal to the join). */
export const JoinByCameraValue = z.discriminatedUnion('type', [TransactionLinked]);
export type JoinByCameraValue = z.infer<typeof JoinByCameraValue>;
