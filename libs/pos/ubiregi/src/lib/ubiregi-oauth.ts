import { callPos, PosRejectedError, PosUnavailableError, readJson, type PosRetryOptions } from '@regicam/pos';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { posAnswer, ubiregiRetry } from './http';
import { CLIENT_MESSAGE, RECONNECT_MESSAGE } from './messages';

/** The tokens of one Ubiregi grant; seal them before storing. */
export type UbiregiTokens = {
  accessToken: string;
  refreshToken?: string;
  /** ISO 8601; absent when Ubiregi did not say how long the token lasts. */
  expiresAt?: string;
};

export type UbiregiOAuthOptions = {
  /** `https://ubiregi.com/oauth2/authorize` (or the simulator's). */
  authorizeUrl: string;
  /** `https://ubiregi.com/oauth2/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Scopes are not documented publicly: none is sent unless configured. */
  scope?: string;
  retry?: PosRetryOptions;
  now?: () => Date;
};

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === 'bearer', 'token_type must be bearer'),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
});

const ErrorAnswer = z.object({ error: z.string() });

/** A random `state` for the authorize request (stored with the session, compared on return). */
export function makeState(): string {
  return randomBytes(16).toString('base64url');
}

/** A PKCE code verifier (RFC 7636: 43 to 128 unreserved characters). */
export function makeCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

export function codeChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/**
 * Ubiregi's OAuth2 authorization-code flow (the manual's "Ubiregi Auth2連携"):
 * the owner is sent to the consent page, comes back with a code, and the
 * code is exchanged, with the PKCE verifier, for tokens. The client
 * authenticates with HTTP Basic.
 */
export class UbiregiOAuth {
  constructor(private readonly options: UbiregiOAuthOptions) {}

  /** Where to send the owner's browser. Keep `state` and `codeVerifier` in the session. */
  authorizationUrl(request: { state: string; codeVerifier: string }): string {
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', this.options.redirectUri);
    url.searchParams.set('state', request.state);
    if (this.options.scope) url.searchParams.set('scope', this.options.scope);
    url.searchParams.set('code_challenge', codeChallenge(request.codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return url.toString();
  }

  exchangeCode(code: string, codeVerifier: string): Promise<UbiregiTokens> {
    return this.token(
      new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.options.redirectUri,
        code_verifier: codeVerifier,
      }),
    );
  }

  /** New tokens for a refresh token; when Ubiregi sends no new refresh token, the old one is kept. */
  async refresh(refreshToken: string): Promise<UbiregiTokens> {
    const tokens = await this.token(new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }));
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  }

  private async token(form: URLSearchParams): Promise<UbiregiTokens> {
    const basic = Buffer.from(
      `${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`,
    ).toString('base64');
    const answer = await callPos(
      'Ubiregi',
      'token endpoint',
      this.options.tokenUrl,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
      },
      ubiregiRetry(this.options.retry),
    );
    if (answer.status === 200) {
      const parsed = TokenAnswer.safeParse(readJson('Ubiregi', 'token endpoint', answer));
      if (!parsed.success) {
        throw new PosUnavailableError('Ubiregi token endpoint: the answer is not a token answer; try again later');
      }
      const { access_token, refresh_token, expires_in } = parsed.data;
      const now = (this.options.now ?? (() => new Date()))().getTime();
      return {
        accessToken: access_token,
        ...(refresh_token ? { refreshToken: refresh_token } : {}),
        ...(expires_in ? { expiresAt: new Date(now + expires_in * 1000).toISOString() } : {}),
      };
    }
    const error = ErrorAnswer.safeParse(safeJson(answer.text));
    const code = error.success ? error.data.error : '';
    if (code === 'invalid_grant') throw new PosRejectedError('credentials', RECONNECT_MESSAGE, posAnswer(answer));
    if (answer.status === 401 || code === 'invalid_client' || code === 'unauthorized_client') {
      throw new PosRejectedError('credentials', CLIENT_MESSAGE, posAnswer(answer));
    }
    if (answer.status >= 500) {
      throw new PosUnavailableError(`Ubiregi token endpoint: ${posAnswer(answer)}; try again later`);
    }
    // Anything else is a request Ubiregi will never accept: a fault of ours, not of the owner's.
    throw new Error(`Ubiregi token endpoint refused the request: ${posAnswer(answer)}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
