/** What `mask` shows in place of the hidden characters: always eight, so the length is not told. */
export const MASK = '••••••••';

/** Secrets shorter than this are masked whole: their last 4 characters would tell too much of them. */
export const MASK_MIN_LENGTH_TO_SHOW = 12;

/**
 * A secret as responses and logs may show it: eight dots and at most its last
 * 4 characters (`••••••••abcd`), enough for an owner to tell two tokens
 * apart. Secrets shorter than 12 characters are all dots; an empty or missing
 * secret is the empty string, so "no token" stays distinguishable from "a
 * token". Counts characters, not UTF-16 units.
 */
export function mask(secret: string | null | undefined): string {
  if (secret === null || secret === undefined || secret === '') return '';
  const chars = Array.from(secret);
  return chars.length < MASK_MIN_LENGTH_TO_SHOW ? MASK : MASK + chars.slice(-4).join('');
}

const SECRET_FIELDS = [
  'accessToken',
  'refreshToken',
  'clientSecret',
  'password',
  'currentPassword',
  'newPassword',
  'sessionToken',
  'apiKey',
  'access_token',
  'refresh_token',
  'client_secret',
];

/**
 * Header names, lower-cased as Node gives them: our session cookie, bearer
 * tokens, and the POS and camera credentials (`X_access_token` of Smaregi's
 * legacy API, `X-Ubiregi-Auth-Token`, `Safie-API-Key`).
 */
const SECRET_HEADERS = ['cookie', 'authorization', 'x_access_token', 'x-ubiregi-auth-token', 'safie-api-key'];

/**
 * Redaction paths for pino (`redact: { paths: SECRET_LOG_PATHS }`): secret
 * fields at the top level and one level down (`*.x` matches one level only),
 * the secret headers of logged requests, incoming and outgoing alike, and
 * the cookies the API sets.
 */
export const SECRET_LOG_PATHS: readonly string[] = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
  ...SECRET_HEADERS.flatMap((name) => [`req.headers["${name}"]`, `*.headers["${name}"]`]),
  'res.headers["set-cookie"]',
];

/** Query parameters that carry secrets: OAuth2 authorization codes, states and tokens. */
const SECRET_QUERY_PARAMS = new Set([
  'code',
  'state',
  'code_verifier',
  'access_token',
  'refresh_token',
  'token',
  'client_secret',
  'password',
]);

/**
 * A URL or path with the values of secret query parameters replaced, for
 * request logs (`/api/ubiregi/callback?code=…&state=…` carries a live
 * authorization code). Other parameters are kept as they were.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_QUERY_PARAMS.has(safeDecode(name).toLowerCase()) ? `${name}=[Redacted]` : pair;
    })
    .join('&');
  return url.slice(0, q + 1) + redacted + (hash < 0 ? '' : url.slice(hash));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
