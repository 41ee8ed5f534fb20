import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { LanguageService, provideI18n } from '@regicam/portal/i18n';
import { DayFilters, type DayFilter } from './day-filters';
import type { SaleKind } from './dashboard-view';

@Component({
  selector: 'rc-host',
  imports: [DayFilters],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<rc-day-filters [filter]="filter()" [counts]="counts()" (filterChange)="changed($event)" />`,
})
class Host {
  readonly filter = signal<DayFilter>({ date: '2019-02-21', kind: null, q: '' });
  readonly counts = signal<Partial<Record<SaleKind, number>> | null>(null);
  readonly emitted: DayFilter[] = [];
  changed(f: DayFilter): void {
    this.emitted.push(f);
    this.filter.set(f);
  }
}

describe('DayFilters', () => {
  beforeEach(() => localStorage.clear());

  async function render() {
    TestBed.configureTestingModule({ imports: [Host], providers: [provideI18n()] });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const get = <T extends HTMLElement>(id: string) => el.querySelector<T>(`[data-testid=${id}]`)!;
    const press = async (id: string) => {
      get<HTMLButtonElement>(id).click();
      await fixture.whenStable();
    };
    return { fixture, host: fixture.componentInstance, el, get, press };
  }

  it('shows the manual kinds in its order, すべて pressed, each control with its label', async () => {
    const { el, get } = await render();
    const kinds = Array.from(get('day-kinds').querySelectorAll('button'));
    expect(kinds.map((b) => b.textContent?.trim())).toEqual(['すべて', '支払い', 'キャンセル', '修正', '削除']);
    expect(kinds.map((b) => b.getAttribute('aria-pressed'))).toEqual(['true', 'false', 'false', 'false', 'false']);
    for (const id of ['day-date', 'day-search']) {
      const label = el.querySelector(`label[for="${get(id).id}"]`);
      expect(label?.textContent?.trim()).toBe(id === 'day-date' ? '日付' : 'レシートNo/レジNo/担当');
    }
    expect(get<HTMLInputElement>('day-date').value).toBe('2019-02-21');
  });

  it('emits a kind at once, keeping the date and the search, and back to すべて', async () => {
    const { host, get, press } = await render();
    await press('day-kind-cancel');
    expect(host.emitted).toEqual([{ date: '2019-02-21', kind: 'cancel', q: '' }]);
    expect(get('day-kind-cancel').getAttribute('aria-pressed')).toBe('true');
    expect(get('day-kind-all').getAttribute('aria-pressed')).toBe('false');
    await press('day-kind-cancel');
    expect(host.emitted).toHaveLength(1);
    await press('day-kind-all');
    expect(host.emitted.at(-1)).toEqual({ date: '2019-02-21', kind: null, q: '' });
  });

  it('emits a new date when picked, and nothing for an emptied date field', async () => {
    const { fixture, host, get } = await render();
    const date = get<HTMLInputElement>('day-date');
    date.value = '2019-02-20';
    date.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    date.value = '';
    date.dispatchEvent(new Event('change'));
    expect(host.emitted).toEqual([{ date: '2019-02-20', kind: null, q: '' }]);
  });

  it('emits the trimmed search when submitted, not while typing', async () => {
    const { fixture, host, get, press } = await render();
    const q = get<HTMLInputElement>('day-search');
    q.value = '  山田 ';
    q.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(host.emitted).toEqual([]);
    await press('day-search-submit');
    expect(host.emitted).toEqual([{ date: '2019-02-21', kind: null, q: '山田' }]);
    q.value = '';
    q.dispatchEvent(new Event('input'));
    q.form!.dispatchEvent(new Event('submit', { cancelable: true }));
    await fixture.whenStable();
    expect(host.emitted.at(-1)).toEqual({ date: '2019-02-21', kind: null, q: '' });
  });

  it("shows the day's count of each kind, すべて their sum, in the language shown", async () => {
    const { fixture, host, get } = await render();
    host.counts.set({ payment: 3, cancel: 1 });
    await fixture.whenStable();
    expect(get('day-kind-all').textContent?.replace(/\s+/g, ' ').trim()).toBe('すべて 4件');
    expect(get('day-kind-delete').textContent?.replace(/\s+/g, ' ').trim()).toBe('削除 0件');
    TestBed.inject(LanguageService).use('en');
    await fixture.whenStable();
    expect(get('day-kind-payment').textContent?.replace(/\s+/g, ' ').trim()).toBe('Payment 3');
  });
});
