/**
 * What the owner reads when Smaregi refuses us: Japanese first (the
 * manual's labels), then English, each saying what to do next.
 */
const SETTINGS = '[設定]→[システム連携]→[スマレジAPI連携]の「API受信設定」';

export const ownerMessages = {
  legacyCredentials:
    `スマレジの契約IDまたはアクセストークンが正しくありません。${SETTINGS}で契約IDとアクセストークンを確認し、連携設定に入力し直してください。` +
    ' / The Smaregi contract ID or access token is not accepted. Check both in スマレジAPI連携 → API受信設定 and enter them again.',
  receiveDisabled:
    `スマレジの受信機能が無効です。${SETTINGS}で「受信機能を利用する」を「利用する」にしてください。` +
    ' / Smaregi API access is switched off. Set 受信機能を利用する to 利用する in API受信設定.',
  transactionsReadDisabled:
    `スマレジの「取引情報参照」が許可されていません。${SETTINGS}で「取引情報参照」を「利用する」にしてください。` +
    ' / Reading transactions is not allowed. Set 取引情報参照 to 利用する in API受信設定.',
  storesReadDisabled:
    `スマレジの「店舗情報参照」が許可されていません。${SETTINGS}で「店舗情報参照」を「利用する」にしてください。` +
    ' / Reading stores and registers is not allowed. Set 店舗情報参照 to 利用する in API受信設定.',
  terminal: (terminalId: string) =>
    `端末ID ${terminalId} のレジがスマレジにありません。[設定]→[レジ設定]→[レジ端末一覧]で端末IDを確認してください。` +
    ` / Smaregi has no register with terminal ID ${terminalId}. Check the ID in レジ設定 → レジ端末一覧.`,
  platformCredentials:
    'スマレジ・プラットフォームAPIのクライアントIDまたはクライアントシークレットが正しくないか、アプリが契約から外されています。アプリの設定を確認してください。' +
    ' / The Smaregi Platform API client ID or secret is not accepted, or the app was removed from the contract. Check the app settings.',
  platformScope: (detail: string) =>
    `スマレジ・プラットフォームAPIの権限（スコープ）が足りません: ${detail} アプリに pos.transactions:read と pos.stores:read を許可してください。` +
    ` / The Smaregi Platform API app lacks a scope: ${detail} Grant pos.transactions:read and pos.stores:read.`,
};
