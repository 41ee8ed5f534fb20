import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { HealthApi } from './health-api';

describe('HealthApi', () => {
  it('asks GET /api/health and passes the answer on', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const answer = firstValueFrom(TestBed.inject(HealthApi).get());
    const http = TestBed.inject(HttpTestingController);
    const req = http.expectOne('/api/health');
    expect(req.request.method).toBe('GET');
    req.flush({ status: 'ok' });
    await expect(answer).resolves.toEqual({ status: 'ok' });
    http.verify();
  });
});
