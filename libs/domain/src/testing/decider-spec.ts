import { fold, type Decider } from '../lib/shared/command';
import { DomainError, type DomainErrorCode } from '../lib/shared/domain-error';

/**
 * Given / When / Then for a decider:
 * `spec.given([linkCreated]).when(removeLink).then([linkRemoved])`.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given: (events: E[]) => ({
      when: (command: C) => {
        const run = () => decider.decide(command, fold(decider, events));
        return {
          then: (expected: E[]) => expect(run()).toEqual(expected),
          thenThrows: (code: DomainErrorCode, message?: string | RegExp, field?: string) => {
            let caught: unknown;
            try {
              run();
            } catch (error) {
              caught = error;
            }
            expect(caught).toBeInstanceOf(DomainError);
            const error = caught as DomainError;
            expect(error.code).toBe(code);
            if (message) expect(error.message).toMatch(message);
            if (field) expect(error.field).toBe(field);
          },
        };
      },
    }),
  };
}
