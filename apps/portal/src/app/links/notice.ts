import { ApiProblem } from '@regicam/portal/data-access';
import { localizedText, type LanguageService } from '@regicam/portal/i18n';

/** A message at the top of a screen: what just happened, or what went wrong. */
export type Notice = { kind: 'success' | 'error' | 'info'; text: string };

/**
 * A refusal in words for the owner, in the language shown: no answer at
 * all, the server busy (with when to try again), or the API's own message.
 */
export function problemText(thrown: unknown, language: Pick<LanguageService, 'lang' | 'text'>): string {
  const problem = ApiProblem.from(thrown);
  if (problem.unreachable) return language.text('common.unreachable');
  if (problem.status === 429) {
    return language.text('common.busy', { minutes: Math.max(1, Math.ceil((problem.retryAfterSeconds ?? 60) / 60)) });
  }
  return language.text('common.failed', { message: localizedText(problem.message, language.lang()) });
}
