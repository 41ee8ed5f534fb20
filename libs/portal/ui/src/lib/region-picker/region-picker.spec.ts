import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideI18n } from '@regicam/portal/i18n';
import type { Region } from './region-geometry';
import { RegionPicker } from './region-picker';

/** The picker as a parent uses it: the parent keeps what the picker emits. */
@Component({
  selector: 'rc-host',
  imports: [RegionPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<rc-region-picker [imageUrl]="url()" [region]="region()" (regionChange)="changed($event)" />`,
})
class Host {
  readonly url = signal<string | null>('/api/cameras/cam-1/picture');
  readonly region = signal<Region | null>(null);
  readonly emitted: (Region | null)[] = [];
  changed(r: Region | null): void {
    this.emitted.push(r);
    this.region.set(r);
  }
}

describe('RegionPicker', () => {
  async function render() {
    TestBed.configureTestingModule({ imports: [Host], providers: [provideI18n()] });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const frame = el.querySelector<HTMLElement>('[data-testid=region-frame]')!;
    // jsdom lays nothing out: the frame is 400 × 225 px at (0, 0).
    frame.getBoundingClientRect = () => ({ left: 0, top: 0, width: 400, height: 225 }) as DOMRect;
    const pointer = (type: string, x: number, y: number) => {
      const e = new MouseEvent(type, { clientX: x, clientY: y, button: 0, bubbles: true });
      Object.defineProperty(e, 'pointerId', { value: 1 });
      frame.dispatchEvent(e);
    };
    const key = async (key: string, shiftKey = false) => {
      frame.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true }));
      await fixture.whenStable();
    };
    return { fixture, host: fixture.componentInstance, el, frame, pointer, key };
  }

  it('emits the dragged rectangle normalised to the picture, in any direction', async () => {
    const { fixture, host, el, pointer } = await render();
    pointer('pointerdown', 300, 180);
    pointer('pointermove', 200, 100);
    await fixture.whenStable();
    expect(el.querySelector<HTMLElement>('[data-testid=region-rect]')?.style.width).toBe('25%');
    pointer('pointerup', 100, 45);
    await fixture.whenStable();
    expect(host.emitted).toEqual([{ x: 0.25, y: 0.2, width: 0.5, height: 0.6 }]);
    expect(el.querySelector('[data-testid=region-value]')?.textContent).toContain('左 25%・上 20%・幅 50%・高さ 60%');
  });

  it('takes a click for no change', async () => {
    const { fixture, host, pointer, el } = await render();
    pointer('pointerdown', 200, 100);
    pointer('pointerup', 202, 101);
    await fixture.whenStable();
    expect(host.emitted).toEqual([]);
    expect(el.querySelector('[data-testid=region-rect]')).toBeNull();
  });

  it('is usable with the keyboard alone: arrows start, move and resize; Delete removes', async () => {
    const { host, key } = await render();
    await key('ArrowDown');
    expect(host.region()).toEqual({ x: 0.25, y: 0.25, width: 0.5, height: 0.5 });
    await key('ArrowRight');
    await key('ArrowRight', true);
    expect(host.region()).toEqual({ x: 0.26, y: 0.25, width: 0.51, height: 0.5 });
    await key('Delete');
    expect(host.region()).toBeNull();
    await key('a');
    expect(host.emitted).toHaveLength(4);
  });

  it('shows the picture, and a neutral frame when there is none or it fails to load', async () => {
    const { fixture, host, el } = await render();
    expect(el.querySelector('img')?.getAttribute('src')).toBe('/api/cameras/cam-1/picture');
    el.querySelector('img')!.dispatchEvent(new Event('error'));
    await fixture.whenStable();
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('[data-testid=region-placeholder]')).not.toBeNull();
    host.url.set('/api/cameras/cam-2/picture');
    await fixture.whenStable();
    expect(el.querySelector('img')?.getAttribute('src')).toBe('/api/cameras/cam-2/picture');
    host.url.set(null);
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=region-placeholder]')).not.toBeNull();
  });

  it('names the frame, describes how to use it, and clears the region with a button', async () => {
    const { fixture, host, el, frame } = await render();
    expect(frame.getAttribute('aria-label')).toBe('レジの映る範囲');
    const described = frame.getAttribute('aria-describedby')!.split(' ');
    expect(el.querySelector(`#${described[0]}`)?.textContent).toContain('ドラッグ');
    const clear = el.querySelector<HTMLButtonElement>('button')!;
    expect(clear.disabled).toBe(true);
    host.region.set({ x: 0.1, y: 0.1, width: 0.2, height: 0.2 });
    await fixture.whenStable();
    clear.click();
    expect(host.emitted).toEqual([null]);
  });
});
