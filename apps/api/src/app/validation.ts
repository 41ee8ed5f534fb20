import { BadRequestException } from '@nestjs/common';
import { fieldProblems, problemsText } from '@regicam/util';
import type { z } from 'zod';

/**
 * Parses input with a schema; on failure answers 400 naming each field at
 * fault (`details`: [{field, message}]).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = fieldProblems(parsed.error);
  throw new BadRequestException({ message: problemsText(details), details });
}
