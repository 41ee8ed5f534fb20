import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config';
import type { ApiError } from './http-error.filter';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function refuse(res: Response, status: number, error: string, message: string, field?: string): void {
  const body: ApiError = { error, message };
  if (field) body.details = [{ field, message }];
  res.status(status).json(body);
}

/**
 * Requests that change state come from RegiCam's own pages or from a
 * program, never from another site:
 * 1. a browser says where the request comes from (`Sec-Fetch-Site`,
 *    `Origin`): anything but this site is refused (403);
 * 2. the API takes JSON only: a body of another type (the kind a form on
 *    another site can send without asking) is refused (415).
 * The Smaregi webhooks (form posts from Smaregi) and the cameras' frame
 * pushes (JPEG) are authenticated by their own secrets instead.
 */
export function sameSiteJsonOnly(publicUrl: string) {
  const publicOrigin = new URL(publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!UNSAFE.has(req.method) || !req.path.startsWith('/api/') || /^\/api\/cameras\/[^/]+\/frames$/.test(req.path))
      return next();
    const site = req.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') {
      return refuse(res, 403, 'cross_site', 'Requests from other sites are refused (Sec-Fetch-Site).');
    }
    const origin = req.get('origin');
    if (origin && origin !== publicOrigin && origin !== `${req.protocol}://${req.get('host')}`) {
      return refuse(res, 403, 'cross_site', `Requests from ${origin} are refused: only ${publicOrigin} may send them.`);
    }
    const type = req.get('content-type');
    if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
      return refuse(res, 415, 'unsupported_media_type', 'Send the body as JSON (Content-Type: application/json).');
    }
    next();
  };
}

/** body-parser's refusals, in the API's error shape (never a 404 or a 500). */
function bodyErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = err as { type?: string; status?: number; limit?: number; charset?: string } | null;
  switch (e?.type) {
    case 'entity.parse.failed':
      return refuse(res, 400, 'invalid_json', 'The body is not valid JSON.', '(body)');
    case 'entity.too.large':
      return refuse(res, 413, 'too_large', `The body is larger than the ${e.limit ?? ''} bytes accepted.`, '(body)');
    case 'charset.unsupported':
      return refuse(res, 415, 'unsupported_charset', `The charset ${e.charset ?? ''} is not supported; send UTF-8.`);
    case 'encoding.unsupported':
      return refuse(res, 415, 'unsupported_encoding', 'The content encoding is not supported.');
    case 'request.aborted':
      return refuse(res, 400, 'aborted', 'The request was aborted before its body arrived.');
    default:
      return next(err);
  }
}

/**
 * The HTTP edge of the API, before any route: security headers (helmet,
 * no X-Powered-By), the proxies to trust, the same-site and JSON rule, and
 * body parsing with clear refusals.
 */
export function applyHttpEdge(app: INestApplication, config: AppConfig): void {
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.disable('x-powered-by');
  server.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:', 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'connect-src': ["'self'"],
        },
      },
      // Plain http on localhost (the embedded default) must not be upgraded.
      strictTransportSecurity: config.pos.publicUrl.startsWith('https://'),
    }),
  );
  app.use(sameSiteJsonOnly(config.pos.publicUrl));
  // A pushed frame is the raw JPEG, on that route only (the JSON parser below leaves a parsed body alone).
  app.use('/api/cameras/:cameraId/frames', express.raw({ type: 'image/jpeg', limit: config.cameras.frames.maxBytes }));
  app.use('/webhooks', express.urlencoded({ extended: false, limit: config.bodyLimit }));
  app.use(express.json({ limit: config.bodyLimit }));
  app.use(bodyErrors);
}
