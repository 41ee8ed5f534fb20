import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { ApiProblem } from './api-problem';

describe('ApiProblem', () => {
  const refusal = (status: number, error: unknown, headers: Record<string, string> = {}) =>
    ApiProblem.from(new HttpErrorResponse({ status, error, headers: new HttpHeaders(headers) }));

  it("reads the POS's refusal and the field it concerns", () => {
    const p = refusal(422, {
      error: 'pos_rejected',
      message: 'トークンが違います / wrong token',
      details: [{ field: 'accessToken', message: 'トークンが違います / wrong token', reason: 'credentials' }],
    });
    expect(p).toMatchObject({ status: 422, error: 'pos_rejected', retryAfterSeconds: null });
    expect(p.field('accessToken')?.reason).toBe('credentials');
    expect(p.field('terminalId')).toBeUndefined();
  });

  it('finds a nested field by its head (region.x is about region)', () => {
    const p = refusal(400, { error: 'bad_request', message: 'x', details: [{ field: 'region.x', message: 'x' }] });
    expect(p.field('region')?.field).toBe('region.x');
  });

  it("keeps 429's Retry-After in seconds", () => {
    expect(
      refusal(429, { error: 'too_many_requests', message: 'wait' }, { 'Retry-After': '840' }).retryAfterSeconds,
    ).toBe(840);
  });

  it('says when nothing answered, and ignores details that are not field problems', () => {
    const none = ApiProblem.from(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(none.unreachable).toBe(true);
    expect(none.error).toBe('unreachable');
    expect(
      refusal(400, { error: 'bad_request', message: 'x', details: ['oops', { message: 'no field' }] }).details,
    ).toEqual([]);
  });
});
