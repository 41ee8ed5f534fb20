import { z } from 'zod';
import { fieldProblems, parseEnvironment, problemsText } from './zod-issues';

describe('zod issues', () => {
  const Schema = z.object({ PORT: z.coerce.number().int().max(65535), NAME: z.string().min(1) });

  it('names every field at fault', () => {
    const parsed = Schema.safeParse({ PORT: '99999', NAME: '' });
    expect(parsed.success).toBe(false);
    const problems = fieldProblems((parsed as { error: z.ZodError }).error);
    expect(problems.map((p) => p.field)).toEqual(['PORT', 'NAME']);
    expect(problemsText(problems)).toMatch(/^PORT: .+; NAME: .+$/);
  });

  it('names the whole input when the fault has no path', () => {
    const parsed = z.string().safeParse(3);
    expect(fieldProblems((parsed as { error: z.ZodError }).error, 'checkout')[0].field).toBe('checkout');
  });

  it('reads the environment or stops with the variables at fault', () => {
    expect(parseEnvironment(Schema, { PORT: '8080', NAME: 'x' })).toEqual({ PORT: 8080, NAME: 'x' });
    expect(() => parseEnvironment(Schema, { PORT: 'x', NAME: 'y' })).toThrow(
      /^Invalid configuration \(PORT: .+\)\. Fix the environment variable and start again\.$/,
    );
  });
});
