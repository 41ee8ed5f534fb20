import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

/** The one error shape of the HTTP API: `{error, message, details?}`. */
export type ApiError = { error: string; message: string; details?: unknown };

const ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'unprocessable',
  429: 'too_many_requests',
};

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    const body: ApiError =
      exception instanceof HttpException
        ? toApiError(status, exception.getResponse())
        : {
            error: 'internal',
            message: 'Something went wrong on our side. Try again; if it persists, tell the operator.',
          };
    if (status >= 500) this.logger.error(exception);
    res.status(status).json(body);
  }
}

function toApiError(status: number, response: string | object): ApiError {
  const error = ERROR_CODES[status] ?? (status >= 500 ? 'internal' : 'error');
  if (typeof response === 'string') return { error, message: response };
  const r = response as { error?: unknown; message?: unknown; details?: unknown };
  const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? error);
  return r.details === undefined ? { error, message } : { error, message, details: r.details };
}
