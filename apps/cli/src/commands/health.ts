/** The answer of one health check, ready to print. */
export type HealthResult = { ok: boolean; message: string };

/**
 * Asks a RegiCam server whether it is up. Never throws: an unreachable
 * server or a wrong answer becomes a message saying what to do.
 */
export async function checkHealth(baseUrl: string, timeoutMs = 5000): Promise<HealthResult> {
  const url = new URL('/api/health', baseUrl).toString();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json().catch(() => null)) as { status?: unknown } | null;
    if (res.ok && body?.status === 'ok') return { ok: true, message: `${baseUrl} is healthy` };
    return {
      ok: false,
      message: `${url} answered HTTP ${res.status} ${JSON.stringify(body)}; look at the server's log`,
    };
  } catch (error) {
    // fetch reports the network error (ECONNREFUSED, ENOTFOUND, …) as its cause.
    const { message, cause } = error as { message?: string; cause?: { code?: string; message?: string } };
    const reason = cause?.code ?? cause?.message ?? message ?? String(error);
    return {
      ok: false,
      message: `cannot reach ${url} (${reason}); is RegiCam running there? Start it with npm start or pass --url`,
    };
  }
}
