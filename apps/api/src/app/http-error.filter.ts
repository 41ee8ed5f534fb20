import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { EmailTaken, InvalidCredentials, InvalidOwnerInput, OwnerChanged, TooManyAttempts } from '@regicam/accounts';
import { CameraChanged, CameraNotFound, InvalidCameraInput } from '@regicam/cameras';
import { FrameRefused } from '@regicam/cameras/gateway';
import { CameraPictureUnavailable, DashboardInputError, DashboardNotFound, TooManyStreams } from '@regicam/dashboard';
import { DomainError, type DomainErrorCode } from '@regicam/domain';
import { ConcurrentChangeError } from '@regicam/event-sourcing';
import { PosRejectedError, PosUnavailableError } from '@regicam/pos';
import { CredentialUnreadable, UnknownPushTarget } from '@regicam/pos/connections';
import { SmaregiPayloadError } from '@regicam/pos/smaregi';
import type { Response } from 'express';

/** The one error shape of the HTTP API: `{error, message, details?}`. */
export type ApiError = { error: string; message: string; details?: unknown };

const ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
  503: 'unavailable',
};

/** How each refusal of the domain answers over HTTP. */
const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  invalid_input: 400,
  camera_not_found: 404,
  link_not_found: 404,
  pos_option_missing: 400,
  pos_option_not_started: 400,
  terminal_already_linked: 409,
  terminal_linked_elsewhere: 409,
  link_changed: 409,
};

/** Which input a POS refusal is about. */
const POS_FIELD: Record<PosRejectedError['reason'], string> = {
  credentials: 'accessToken',
  permission: 'accessToken',
  subscription: 'contractId',
  terminal: 'terminalId',
};

type Answer = { status: number; body: ApiError; headers?: Record<string, string> };

function fieldError(status: number, message: string, field?: string): Answer {
  const body: ApiError = { error: ERROR_CODES[status], message };
  if (field) body.details = [{ field, message }];
  return { status, body };
}

function answerFor(exception: unknown): Answer | null {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { status, body: toApiError(status, exception.getResponse()) };
  }
  if (exception instanceof DomainError) {
    const answer = fieldError(DOMAIN_STATUS[exception.code], exception.message, exception.field);
    answer.body.error = exception.code;
    if (exception.details && Array.isArray(answer.body.details)) {
      answer.body.details = answer.body.details.map((d) => ({ ...(d as object), ...exception.details }));
    }
    return answer;
  }
  if (exception instanceof FrameRefused) {
    const answer = fieldError(exception.status, exception.message, exception.field);
    answer.body.error = exception.code;
    // The frames route takes a bearer token: say so, as RFC 6750 asks.
    if (exception.status === 401) answer.headers = { 'WWW-Authenticate': 'Bearer realm="regicam-frames"' };
    return answer;
  }
  if (exception instanceof CameraNotFound) return fieldError(404, exception.message);
  if (
    exception instanceof ConcurrentChangeError ||
    exception instanceof OwnerChanged ||
    exception instanceof CameraChanged
  ) {
    return fieldError(409, exception.message);
  }
  if (exception instanceof InvalidOwnerInput || exception instanceof InvalidCameraInput) {
    return fieldError(400, exception.message, exception.field);
  }
  if (exception instanceof DashboardInputError) {
    return { status: 400, body: { error: 'bad_request', message: exception.message, details: exception.problems } };
  }
  if (exception instanceof DashboardNotFound) return fieldError(404, exception.message);
  if (exception instanceof CameraPictureUnavailable) {
    return { status: 503, body: { error: `camera_${exception.reason}`, message: exception.message } };
  }
  if (exception instanceof TooManyStreams) {
    return { ...fieldError(429, exception.message), headers: { 'Retry-After': '30' } };
  }
  if (exception instanceof EmailTaken) return fieldError(409, exception.message, 'email');
  if (exception instanceof SmaregiPayloadError) return { ...fieldError(400, exception.message, '(body)') };
  if (exception instanceof UnknownPushTarget) return fieldError(404, exception.message);
  if (exception instanceof CredentialUnreadable) {
    return { status: 409, body: { error: 'credentials_unreadable', message: exception.message } };
  }
  if (exception instanceof InvalidCredentials) return fieldError(401, 'Wrong email or password.');
  if (exception instanceof PosRejectedError) {
    return {
      status: 422,
      body: {
        error: 'pos_rejected',
        message: exception.message,
        details: [{ field: POS_FIELD[exception.reason], message: exception.message, reason: exception.reason }],
      },
    };
  }
  if (exception instanceof PosUnavailableError) {
    return fieldError(
      503,
      `The POS did not answer (${exception.message}). Nothing was changed; try again in a minute.`,
    );
  }
  if (exception instanceof TooManyAttempts) {
    return { ...fieldError(429, exception.message), headers: { 'Retry-After': String(exception.retryAfterSeconds) } };
  }
  return null;
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const answer = answerFor(exception) ?? {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: {
        error: 'internal',
        message: 'Something went wrong on our side. Try again; if it persists, tell the operator.',
      },
    };
    if (answer.status >= 500) this.logger.error(exception);
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    res.status(answer.status).json(answer.body);
  }
}

function toApiError(status: number, response: string | object): ApiError {
  const error = ERROR_CODES[status] ?? (status >= 500 ? 'internal' : 'error');
  if (typeof response === 'string') return { error, message: response };
  const r = response as { message?: unknown; details?: unknown };
  const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? error);
  return r.details === undefined ? { error, message } : { error, message, details: r.details };
}
