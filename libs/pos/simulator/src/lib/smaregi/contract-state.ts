import type { SmaregiTerminal, TransactionHeadRow } from './transaction-head';

export type SmaregiContractSettings = {
  contractId: string;
  /** The legacy API's アクセストークン. */
  accessToken: string;
  /** スマレジAPI設定 → 受信機能を利用する. */
  receiveEnabled?: boolean;
  /** スマレジAPI設定 → 取引情報参照. */
  transactionsReadEnabled?: boolean;
  /** スマレジAPI設定 → 店舗情報参照 (also gates the register list, an assumption). */
  storesReadEnabled?: boolean;
  terminals?: SmaregiTerminal[];
  /** The Platform API app's client credentials; without them the token endpoint refuses. */
  clientId?: string;
  clientSecret?: string;
};

export type SmaregiContract = Required<Omit<SmaregiContractSettings, 'clientId' | 'clientSecret'>> &
  Pick<SmaregiContractSettings, 'clientId' | 'clientSecret'> & {
    rows: Map<string, TransactionHeadRow>;
    nextId: number;
  };

/**
 * What the simulated APIs' routes need of the simulator: its contracts, the
 * Platform tokens it issued and its clock. The routes depend on this, not
 * on the simulator, so the two do not import each other.
 */
export interface SmaregiState {
  readonly contracts: Map<string, SmaregiContract>;
  readonly tokens: Map<string, { contractId: string; scopes: string[]; expiresAt: number }>;
  tokensIssued: number;
  now(): Date;
  contract(contractId: string): SmaregiContract;
}
