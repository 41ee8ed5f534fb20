import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideI18n } from '@regicam/portal/i18n';
import { StatusPage } from './status-page';

describe('StatusPage', () => {
  function render() {
    TestBed.configureTestingModule({
      imports: [StatusPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n()],
    });
    const fixture = TestBed.createComponent(StatusPage);
    fixture.detectChanges();
    return { fixture, http: TestBed.inject(HttpTestingController) };
  }

  const text = (el: HTMLElement) => el.querySelector('[data-testid=health]')?.textContent ?? '';

  it('shows the status the service answers', async () => {
    const { fixture, http } = render();
    await fixture.whenStable();
    expect(text(fixture.nativeElement)).toContain('確認中');
    http.expectOne('/api/health').flush({ status: 'ok' });
    await fixture.whenStable();
    expect(text(fixture.nativeElement)).toContain('status: ok');
  });

  it('says what to do when the service does not answer', async () => {
    const { fixture, http } = render();
    http.expectOne('/api/health').error(new ProgressEvent('error'));
    await fixture.whenStable();
    expect(text(fixture.nativeElement)).toContain('RegiCam が動いているか確認して');
  });
});
