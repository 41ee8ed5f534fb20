/** The hidden fields the consent form carries from the authorize request to its POST. */
export type AuthorizeParams = {
  response_type: string;
  client_id: string;
  redirect_uri: string;
  state: string;
  scope: string;
  code_challenge: string;
  code_challenge_method: string;
};

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The consent page as the manual shows it (ユビレジ編 3/3): the app asks for
 * access, the owner types the Ubiregi login and presses 許可する or 許可しない.
 */
export function consentPage(options: {
  action: string;
  appName: string;
  params: AuthorizeParams;
  error?: string;
  login?: string;
}): string {
  const hidden = Object.entries(options.params)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`)
    .join('\n      ');
  const error = options.error ? `<p class="error" role="alert">${escape(options.error)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="ja">
  <head><meta charset="utf-8"><title>Ubiregi</title></head>
  <body>
    <h1>Ubiregi</h1>
    <p>${escape(options.appName)}があなたのアカウントにアクセスすることを許可しますか？</p>
    ${error}
    <form method="post" action="${escape(options.action)}">
      ${hidden}
      <label>メールアドレスまたはアカウント名 <input type="text" name="login" value="${escape(options.login ?? '')}"></label>
      <label>パスワード <input type="password" name="password"></label>
      <button type="submit" name="decision" value="allow">許可する</button>
      <button type="submit" name="decision" value="deny">許可しない</button>
    </form>
    <p>一度連携したアプリはアプリ設定から変更、取り消しができます。</p>
  </body>
</html>`;
}

/** The page shown instead of a redirect when the request cannot be trusted (RFC 6749 §4.1.2.1). */
export function errorPage(message: string): string {
  return `<!DOCTYPE html>
<html lang="ja">
  <head><meta charset="utf-8"><title>Ubiregi</title></head>
  <body><h1>Ubiregi</h1><p class="error">${escape(message)}</p></body>
</html>`;
}
