import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideI18n } from '@regicam/portal/i18n';
import { CLOCK, CameraView, REPEAT, refreshed, stepped } from './camera-view';

@Component({
  selector: 'rc-host',
  imports: [CameraView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<rc-camera-view
    cameraName="レジ上カメラ"
    [pictureUrl]="url()"
    [at]="at()"
    [refreshSeconds]="5"
    (atChange)="changed($event)"
  />`,
})
class Host {
  readonly url = signal<string | null>('/api/cameras/cam-1/picture');
  readonly at = signal<string | null>(null);
  readonly emitted: (string | null)[] = [];
  changed(at: string | null): void {
    this.emitted.push(at);
    this.at.set(at);
  }
}

describe('camera view helpers', () => {
  it('asks again with a refresh number, after any query', () => {
    expect(refreshed('/p', 3)).toBe('/p?refresh=3');
    expect(refreshed('/p?at=x', 3)).toBe('/p?at=x&refresh=3');
  });

  it('steps a second from the whole second', () => {
    expect(stepped(new Date('2019-02-21T02:16:47.400Z'), -1)).toBe('2019-02-21T02:16:46.000Z');
    expect(stepped(new Date('2019-02-21T02:16:47.000Z'), 1)).toBe('2019-02-21T02:16:48.000Z');
  });
});

describe('CameraView', () => {
  let now: Date;
  /** The repeats running now, by their period: a test ticks them by hand. */
  let repeats: { ms: number; tick: () => void }[];
  beforeEach(() => {
    now = new Date('2019-02-21T02:16:47.000Z');
    repeats = [];
  });
  const tick = () => repeats.forEach((r) => r.tick());

  beforeEach(() => localStorage.clear());

  async function render() {
    TestBed.configureTestingModule({
      imports: [Host],
      providers: [
        provideI18n(),
        { provide: CLOCK, useValue: () => now },
        {
          provide: REPEAT,
          useValue: (ms: number, fn: () => void) => {
            const r = { ms, tick: fn };
            repeats.push(r);
            return () => repeats.splice(repeats.indexOf(r), 1);
          },
        },
      ],
    });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const get = <T extends HTMLElement>(id: string) => el.querySelector<T>(`[data-testid=${id}]`);
    const text = (id: string) => get(id)?.textContent?.replace(/\s+/g, ' ').trim();
    return { fixture, host: fixture.componentInstance, el, get, text };
  }

  it('shows LIVE and asks for the latest picture again every few seconds', async () => {
    const { fixture, get, text } = await render();
    expect(text('view-time')).toBe('2019/02/21(木) 11:16:47 LIVE');
    expect(get<HTMLImageElement>('view-picture')?.getAttribute('src')).toBe('/api/cameras/cam-1/picture?refresh=0');
    expect(repeats.map((r) => r.ms)).toEqual([5000]);
    now = new Date('2019-02-21T02:16:52.000Z');
    tick();
    await fixture.whenStable();
    expect(get<HTMLImageElement>('view-picture')?.getAttribute('src')).toBe('/api/cameras/cam-1/picture?refresh=1');
    expect(text('view-time')).toBe('2019/02/21(木) 11:16:52 LIVE');
    expect(get<HTMLImageElement>('view-picture')?.alt).toBe('レジ上カメラ の 2019/02/21(木) 11:16:52 の画像');
  });

  it('steps back a second from LIVE, then forward, then back to LIVE', async () => {
    const { fixture, host, get, text } = await render();
    expect(get<HTMLButtonElement>('view-forward')?.disabled).toBe(true);
    get<HTMLButtonElement>('view-back')!.click();
    await fixture.whenStable();
    expect(host.emitted).toEqual(['2019-02-21T02:16:46.000Z']);
    expect(text('view-time')).toBe('2019/02/21(木) 11:16:46');
    host.url.set('/api/cameras/cam-1/picture?at=2019-02-21T02%3A16%3A46.000Z');
    await fixture.whenStable();
    expect(get<HTMLImageElement>('view-picture')?.getAttribute('src')).toBe(
      '/api/cameras/cam-1/picture?at=2019-02-21T02%3A16%3A46.000Z',
    );
    get<HTMLButtonElement>('view-forward')!.click();
    await fixture.whenStable();
    get<HTMLButtonElement>('view-to-live')!.click();
    await fixture.whenStable();
    expect(host.emitted).toEqual(['2019-02-21T02:16:46.000Z', '2019-02-21T02:16:47.000Z', null]);
    expect(text('view-time')).toContain('LIVE');
  });

  it('does not refresh a picture at a time', async () => {
    const { fixture, host, get } = await render();
    host.at.set('2019-02-21T02:00:00.000Z');
    host.url.set('/p?at=t');
    await fixture.whenStable();
    expect(repeats).toEqual([]);
    tick();
    await fixture.whenStable();
    expect(get<HTMLImageElement>('view-picture')?.getAttribute('src')).toBe('/p?at=t');
  });

  it('says so when there is no picture, or it does not load', async () => {
    const { fixture, host, get } = await render();
    get('view-picture')!.dispatchEvent(new Event('error'));
    await fixture.whenStable();
    expect(get('view-none')?.textContent?.trim()).toBe('この時刻の画像はありません。');
    tick();
    await fixture.whenStable();
    expect(get('view-picture')).not.toBeNull();
    host.url.set(null);
    await fixture.whenStable();
    expect(get('view-none')).not.toBeNull();
  });
});
