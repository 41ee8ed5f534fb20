import type { FieldProblem } from '@regicam/util';

/** Query parameters the dashboard cannot use (HTTP 400, naming each). */
export class DashboardInputError extends Error {
  readonly problems: FieldProblem[];

  constructor(field: string, message: string);
  constructor(problems: FieldProblem[]);
  constructor(fieldOrProblems: string | FieldProblem[], message?: string) {
    const problems =
      typeof fieldOrProblems === 'string' ? [{ field: fieldOrProblems, message: message ?? '' }] : fieldOrProblems;
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    this.name = 'DashboardInputError';
    this.problems = problems;
  }

  get field(): string {
    return this.problems[0]?.field ?? '(query)';
  }
}

/** No such object for this owner: absent, or another owner's (HTTP 404 alike). */
export class DashboardNotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DashboardNotFound';
  }
}

/** The camera service did not give the picture for now (HTTP 503). */
export class CameraPictureUnavailable extends Error {
  constructor(
    readonly reason: 'refused' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'CameraPictureUnavailable';
  }
}

/** The owner has as many live streams open as allowed (HTTP 429). */
export class TooManyStreams extends Error {
  constructor(readonly limit: number) {
    super(`at most ${limit} live streams per owner are open at once: close another tab or window first`);
    this.name = 'TooManyStreams';
  }
}
