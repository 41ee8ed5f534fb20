import { RequestMethod } from '@nestjs/common';
import { SECRET_LOG_PATHS, redactUrl } from '@regicam/secrets';
import { LoggerModule } from 'nestjs-pino';
import type { RuntimeConfig } from '../runtime-config';

/** The secret segment of a Smaregi push URL (`/webhooks/smaregi/:contractId/:secret`). */
const PUSH_SECRET = /^(\/webhooks\/smaregi\/[^/?#]+\/)[^/?#]+/;

/**
 * A request URL as it may be logged: secret query parameters (the OAuth
 * callback's `code` and `state`) and the push URL's secret replaced.
 */
export function loggableUrl(url: string): string {
  return redactUrl(url).replace(PUSH_SECRET, '$1[Redacted]');
}

type LoggedRequest = { id?: unknown; method?: string; url?: string; headers?: unknown; remoteAddress?: string };

/**
 * Logging of every process: pino; requests logged with their URL made
 * loggable and without their parsed query or route parameters (which hold
 * the same secrets); secret headers and fields redacted; health probes not
 * logged.
 */
export function loggerModule(config: RuntimeConfig) {
  const options = {
    level: config.logLevel,
    autoLogging: { ignore: (req: { url?: string }) => (req.url ?? '').startsWith('/api/health') },
    redact: { paths: [...SECRET_LOG_PATHS], censor: '[redacted]' },
    serializers: {
      req: (req: LoggedRequest) => ({
        id: req.id,
        method: req.method,
        url: loggableUrl(req.url ?? ''),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
    },
    ...(config.logFormat === 'pretty' && !config.logStream ? { transport: { target: 'pino-pretty' } } : {}),
  };
  return LoggerModule.forRoot({
    pinoHttp: config.logStream ? [options, config.logStream] : options,
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  });
}
