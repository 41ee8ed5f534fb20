import type { z } from 'zod';

/** One fault of an input: the field's dotted path (or `fallback` for the whole input) and what is wrong. */
export type FieldProblem = { field: string; message: string };

/** The faults zod found, each naming its field. */
export function fieldProblems(error: z.ZodError, fallback = '(body)'): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || fallback, message: issue.message }));
}

/** The faults in one line: `field: message; field: message`. */
export function problemsText(problems: FieldProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}

/**
 * Reads settings from the environment with a schema. A wrong value stops
 * the caller with one message naming every variable at fault and what to do.
 */
export function parseEnvironment<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = problemsText(fieldProblems(parsed.error, '(environment)'));
  throw new Error(`Invalid configuration (${problems}). Fix the environment variable and start again.`);
}
