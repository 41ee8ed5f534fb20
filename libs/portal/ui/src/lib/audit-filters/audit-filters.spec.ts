import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideI18n } from '@regicam/portal/i18n';
import { NO_FILTER, isoOfLocalInput, localInputOf, type AuditFilter } from './audit-filter';
import { AuditFilters } from './audit-filters';

@Component({
  selector: 'rc-host',
  imports: [AuditFilters],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<rc-audit-filters
    [terminals]="terminals"
    [cameras]="cameras"
    [filter]="filter()"
    (filterChange)="changed($event)"
  />`,
})
class Host {
  readonly terminals = [
    { value: 'smaregi:demo:1', label: 'スマレジ demo / 1' },
    { value: 'smaregi:demo:2', label: 'スマレジ demo / 2' },
  ];
  readonly cameras = [{ value: 'cam-1', label: 'レジ上カメラ' }];
  readonly filter = signal<AuditFilter>(NO_FILTER);
  readonly emitted: AuditFilter[] = [];
  changed(f: AuditFilter): void {
    this.emitted.push(f);
    this.filter.set(f);
  }
}

describe('AuditFilters', () => {
  async function render() {
    TestBed.configureTestingModule({ imports: [Host], providers: [provideI18n()] });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const field = <T extends HTMLElement>(id: string) => el.querySelector<T>(`[data-testid=${id}]`)!;
    const set = (id: string, value: string, event = 'input') => {
      const f = field<HTMLInputElement | HTMLSelectElement>(id);
      f.value = value;
      f.dispatchEvent(new Event(event));
    };
    const press = async (id: string) => {
      field<HTMLButtonElement>(id).click();
      await fixture.whenStable();
    };
    return { fixture, host: fixture.componentInstance, el, field, set, press };
  }

  it('emits the register, the camera and the range, the end to its last millisecond', async () => {
    const { host, set, press } = await render();
    set('filter-terminal', 'smaregi:demo:2', 'change');
    set('filter-camera', 'cam-1', 'change');
    set('filter-from', '2026-11-28T09:00');
    set('filter-to', '2026-11-28T10:15');
    await press('filter-apply');
    expect(host.emitted).toEqual([
      {
        terminal: 'smaregi:demo:2',
        cameraId: 'cam-1',
        from: new Date('2026-11-28T09:00').toISOString(),
        to: new Date(new Date('2026-11-28T10:15').getTime() + 59_999).toISOString(),
      },
    ]);
  });

  it('leaves out what is not chosen', async () => {
    const { host, set, press } = await render();
    set('filter-camera', 'cam-1', 'change');
    await press('filter-apply');
    expect(host.emitted).toEqual([{ terminal: null, cameraId: 'cam-1', from: null, to: null }]);
  });

  it('refuses a range that ends before it starts, in words next to the fields', async () => {
    const { host, el, set, press, field } = await render();
    set('filter-from', '2026-11-28T10:00');
    set('filter-to', '2026-11-28T09:00');
    await press('filter-apply');
    expect(host.emitted).toEqual([]);
    const alert = el.querySelector('[role=alert]')!;
    expect(alert.textContent).toContain('開始日時は終了日時より前にしてください。');
    expect(field('filter-from').getAttribute('aria-describedby')).toBe(alert.id);
    expect(field('filter-to').getAttribute('aria-invalid')).toBe('true');
  });

  it('clears every field and emits no filter', async () => {
    const { host, set, press, field } = await render();
    set('filter-terminal', 'smaregi:demo:1', 'change');
    set('filter-from', '2026-11-28T09:00');
    await press('filter-apply');
    await press('filter-reset');
    expect(host.emitted.at(-1)).toEqual(NO_FILTER);
    expect(field<HTMLSelectElement>('filter-terminal').value).toBe('');
    expect(field<HTMLInputElement>('filter-from').value).toBe('');
  });

  it('shows the filter it is given', async () => {
    const { fixture, host, field } = await render();
    host.filter.set({ terminal: 'smaregi:demo:1', cameraId: null, from: '2026-11-28T00:30:00.000Z', to: null });
    await fixture.whenStable();
    expect(field<HTMLSelectElement>('filter-terminal').value).toBe('smaregi:demo:1');
    expect(field<HTMLInputElement>('filter-from').value).toBe(localInputOf('2026-11-28T00:30:00.000Z'));
  });

  it('labels every control', async () => {
    const { el } = await render();
    for (const control of Array.from(el.querySelectorAll('select, input'))) {
      expect(el.querySelector(`label[for="${control.id}"]`)?.textContent?.trim()).toBeTruthy();
    }
  });
});

describe('the datetime-local conversions', () => {
  it('go there and back to the minute, and give null for nothing', () => {
    const iso = isoOfLocalInput('2026-11-28T09:05')!;
    expect(localInputOf(iso)).toBe('2026-11-28T09:05');
    expect(isoOfLocalInput('')).toBeNull();
    expect(isoOfLocalInput('not a time')).toBeNull();
    expect(localInputOf('nonsense')).toBe('');
  });
});
