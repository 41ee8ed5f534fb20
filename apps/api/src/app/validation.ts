import { BadRequestException } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Parses input with a schema; on failure answers 400 naming each field at
 * fault (`details`: [{field, message}]).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
  throw new BadRequestException({
    message: details.map((d) => `${d.field}: ${d.message}`).join('; '),
    details,
  });
}
