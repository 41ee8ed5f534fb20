import { Component, ChangeDetectionStrategy, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TranslatePipe } from '@ngx-translate/core';
import { LanguageService, provideI18n, YenPipe } from './language';

@Component({
  selector: 'rc-probe',
  imports: [TranslatePipe, YenPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p>{{ 'login.submit' | translate }}</p>
    <p>{{ 'links.deleteConfirm' | translate: { count: 2 } }}</p>
    <p>{{ 35000 | rcYen: language.lang() }}</p>`,
})
class Probe {
  protected readonly language = inject(LanguageService);
}

describe('LanguageService', () => {
  beforeEach(() => localStorage.clear());

  async function render() {
    TestBed.configureTestingModule({ imports: [Probe], providers: [provideI18n()] });
    const fixture = TestBed.createComponent(Probe);
    await fixture.whenStable();
    const texts = () =>
      Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('p')).map((p) => p.textContent);
    return { fixture, texts, language: TestBed.inject(LanguageService) };
  }

  it('shows Japanese first, and switches to English at run time, remembering the choice', async () => {
    const { fixture, texts, language } = await render();
    expect(texts()).toEqual(['ログイン', '2件の連携設定を削除しますか？', '¥35,000']);
    expect(document.documentElement.lang).toBe('ja');
    language.use('en');
    await fixture.whenStable();
    expect(texts()).toEqual(['Log in', 'Delete 2 link(s)?', '¥35,000']);
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('regicam.lang')).toBe('en');
  });

  it('starts in the language chosen before on this browser', async () => {
    localStorage.setItem('regicam.lang', 'en');
    const { texts, language } = await render();
    expect(language.lang()).toBe('en');
    expect(texts()[0]).toBe('Log in');
  });

  it('ignores a stored value that is not a language', async () => {
    localStorage.setItem('regicam.lang', 'fr');
    const { language } = await render();
    expect(language.lang()).toBe('ja');
  });
});
