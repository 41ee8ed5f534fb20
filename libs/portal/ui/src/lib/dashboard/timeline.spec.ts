import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideI18n } from '@regicam/portal/i18n';
import type { MarkerView, Span } from './dashboard-view';
import { Timeline } from './timeline';
import { barsIn, positionIn, timelineRange, type TimelineSpan } from './timeline-geometry';

const END = '2019-02-21T03:00:00.000Z'; // 12:00:00 in Japan

@Component({
  selector: 'rc-host',
  imports: [Timeline],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<rc-timeline
    [end]="end"
    [span]="span()"
    [recorded]="recorded"
    [dark]="dark"
    [markers]="markers"
    [cursor]="cursor()"
    (spanChange)="span.set($event); spans.push($event)"
    (seek)="seeks.push($event)"
  />`,
})
class Host {
  readonly end = END;
  readonly span = signal<TimelineSpan>('1H');
  readonly cursor = signal<string | null>('2019-02-21T02:30:00.000Z');
  readonly recorded: Span[] = [
    { from: '2019-02-21T01:00:00.000Z', to: '2019-02-21T02:15:00.000Z' },
    { from: '2019-02-21T02:45:00.000Z', to: '2019-02-21T03:00:00.000Z' },
  ];
  readonly dark: Span[] = [{ from: '2019-02-21T02:15:00.000Z', to: '2019-02-21T02:45:00.000Z' }];
  readonly markers: MarkerView[] = [
    { at: '2019-02-21T02:22:17.000Z', kind: 'cancel', transactionKey: 'k-1' },
    { at: '2019-02-21T02:13:04.000Z', kind: 'payment', transactionKey: 'k-2' },
    { at: '2019-02-21T00:57:05.000Z', kind: 'payment', transactionKey: 'k-3' },
  ];
  readonly spans: TimelineSpan[] = [];
  readonly seeks: string[] = [];
}

describe('timeline geometry', () => {
  const range = timelineRange(END, '10M');

  it('spans the zoom level up to the end', () => {
    expect(range).toEqual({ from: '2019-02-21T02:50:00.000Z', to: END });
    expect(timelineRange(END, '72H').from).toBe('2019-02-18T03:00:00.000Z');
  });

  it('places times in the range, and none outside it', () => {
    expect(positionIn(range, '2019-02-21T02:55:00.000Z')).toBe(0.5);
    expect(positionIn(range, END)).toBe(1);
    expect(positionIn(range, '2019-02-21T02:49:59.999Z')).toBeNull();
    expect(positionIn(range, 'not a time')).toBeNull();
  });

  it('cuts periods to the range and leaves out those outside', () => {
    const bars = barsIn(range, [
      { from: '2019-02-21T02:40:00.000Z', to: '2019-02-21T02:52:30.000Z' },
      { from: '2019-02-21T02:57:30.000Z', to: '2019-02-21T04:00:00.000Z' },
      { from: '2019-02-21T01:00:00.000Z', to: '2019-02-21T02:00:00.000Z' },
    ]);
    expect(bars).toEqual([
      { start: 0, width: 0.25 },
      { start: 0.75, width: 0.25 },
    ]);
  });
});

describe('Timeline', () => {
  beforeEach(() => localStorage.clear());

  async function render() {
    TestBed.configureTestingModule({ imports: [Host], providers: [provideI18n()] });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const all = (id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid=${id}]`));
    return { fixture, host: fixture.componentInstance, el, all };
  }

  it('shows the five zoom levels with the one in force pressed, and emits another', async () => {
    const { fixture, host, all } = await render();
    const spans = all('timeline-span-72H').concat(
      all('timeline-span-24H'),
      all('timeline-span-6H'),
      all('timeline-span-1H'),
      all('timeline-span-10M'),
    );
    expect(spans.map((b) => b.textContent?.trim())).toEqual(['72H', '24H', '6H', '1H', '10M']);
    expect(spans.map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'false', 'true', 'false']);
    spans[0].click();
    await fixture.whenStable();
    spans[3].click();
    await fixture.whenStable();
    expect(host.spans).toEqual(['72H', '1H']);
  });

  it('draws recorded and dark periods, the time shown, and a marker per transaction in range', async () => {
    const { all } = await render();
    expect(all('timeline-recorded').map((b) => [b.style.left, b.style.width])).toEqual([
      ['0%', '25%'],
      ['75%', '25%'],
    ]);
    expect(all('timeline-dark').map((b) => [b.style.left, b.style.width])).toEqual([['25%', '50%']]);
    expect(all('timeline-cursor')[0].style.left).toBe('50%');
    const markers = all('timeline-marker');
    expect(markers.map((m) => m.getAttribute('aria-label'))).toEqual(['11:22:17 キャンセル', '11:13:04 支払い']);
    expect(all('timeline-from')[0].textContent).toBe('2019/02/21(木) 11:00:00');
    expect(all('timeline-to')[0].textContent).toBe('2019/02/21(木) 12:00:00');
  });

  it('emits the time of a pressed marker', async () => {
    const { host, all } = await render();
    all('timeline-marker')[1].click();
    all('timeline-marker')[0].click();
    expect(host.seeks).toEqual(['2019-02-21T02:13:04.000Z', '2019-02-21T02:22:17.000Z']);
  });

  it('shows more markers on a wider span', async () => {
    const { fixture, host, all } = await render();
    host.span.set('24H');
    await fixture.whenStable();
    expect(all('timeline-marker')).toHaveLength(3);
  });
});
