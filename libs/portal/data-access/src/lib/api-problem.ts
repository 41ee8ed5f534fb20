import { HttpErrorResponse } from '@angular/common/http';

/** One input at fault, as the API names it in `details`. */
export type FieldProblem = { field: string; message: string; reason?: string; [more: string]: unknown };

/**
 * A refusal of the API (`{error, message, details?}`, docs/api.md) or a
 * request that got no answer (status 0), in one shape the screens read:
 * which fields are at fault, and when to try again (429's Retry-After).
 */
export class ApiProblem {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly message: string,
    readonly details: FieldProblem[],
    readonly retryAfterSeconds: number | null,
  ) {}

  static from(thrown: unknown): ApiProblem {
    if (thrown instanceof ApiProblem) return thrown;
    if (!(thrown instanceof HttpErrorResponse)) {
      return new ApiProblem(0, 'unreachable', thrown instanceof Error ? thrown.message : String(thrown), [], null);
    }
    const body = (typeof thrown.error === 'object' && thrown.error !== null ? thrown.error : {}) as {
      error?: unknown;
      message?: unknown;
      details?: unknown;
    };
    const details = Array.isArray(body.details)
      ? body.details.filter(
          (d): d is FieldProblem =>
            typeof d === 'object' && d !== null && typeof (d as FieldProblem).field === 'string',
        )
      : [];
    const retryAfter = Number(thrown.headers?.get('retry-after'));
    return new ApiProblem(
      thrown.status,
      typeof body.error === 'string' ? body.error : thrown.status === 0 ? 'unreachable' : 'error',
      typeof body.message === 'string' ? body.message : thrown.message,
      details,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }

  /** The server gave no answer (down, or the network is). */
  get unreachable(): boolean {
    return this.status === 0;
  }

  /** The first problem the API names for this field, if any. */
  field(name: string): FieldProblem | undefined {
    return this.details.find((d) => d.field === name || d.field.startsWith(`${name}.`));
  }
}
