/** What the owner reads when the grant is gone: the one way out is to connect again. */
export const RECONNECT_MESSAGE =
  'ユビレジとの連携が切れました。認証連携ポータルからもう一度連携してください。' +
  ' (The Ubiregi connection needs reconnecting: connect again from the portal.)';

export const SUBSCRIPTION_MESSAGE =
  'ユビレジのご契約が有効ではありません。ユビレジのご契約を確認してください。' +
  ' (The Ubiregi subscription has expired: renew it at Ubiregi.)';

export const PERMISSION_MESSAGE =
  'ユビレジがこのアカウントのデータの読み取りを許可していません。連携をやり直してください。' +
  ' (Ubiregi does not allow reading this account: connect again with an account that may.)';

export const CLIENT_MESSAGE =
  'ユビレジがこのアプリの設定を受け付けませんでした (client id, secret or redirect URI)。管理者に連絡してください。' +
  ' (Ubiregi refused the app settings: tell the administrator.)';
