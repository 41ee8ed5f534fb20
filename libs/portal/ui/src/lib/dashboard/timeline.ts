import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { LanguageService, STORE_TIME_ZONE, formatDateTime, formatTime } from '@regicam/portal/i18n';
import type { MarkerView, Span } from './dashboard-view';
import { TIMELINE_SPANS, barsIn, positionIn, timelineRange, type TimelineSpan } from './timeline-geometry';

/**
 * The camera's timeline under its view: the span up to `end` (72H / 24H /
 * 6H / 1H / 10M), its recorded and dark periods, a marker per transaction
 * and a line at the time shown. A marker is a button (reached with Tab,
 * named by its time and kind): pressing it emits its time (`seek`).
 * Times are the store's (Japan).
 */
@Component({
  selector: 'rc-timeline',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="timeline" role="group" [attr.aria-label]="'timeline.label' | translate">
      <div class="spans" role="group" [attr.aria-label]="'timeline.spans' | translate">
        @for (s of spans; track s) {
          <button
            type="button"
            class="span"
            [attr.aria-pressed]="s === span()"
            [attr.data-testid]="'timeline-span-' + s"
            (click)="s !== span() && spanChange.emit(s)"
          >
            {{ s }}
          </button>
        }
      </div>
      <div class="track" data-testid="timeline-track">
        @for (b of recordedBars(); track $index) {
          <span
            class="bar recorded"
            data-testid="timeline-recorded"
            [style.left.%]="b.start * 100"
            [style.width.%]="b.width * 100"
          ></span>
        }
        @for (b of darkBars(); track $index) {
          <span
            class="bar dark"
            data-testid="timeline-dark"
            [style.left.%]="b.start * 100"
            [style.width.%]="b.width * 100"
          ></span>
        }
        @if (cursorAt(); as c) {
          <span class="cursor" data-testid="timeline-cursor" [style.left.%]="c * 100"></span>
        }
        @for (m of shownMarkers(); track m.transactionKey) {
          <button
            type="button"
            class="marker"
            [class]="m.kind"
            data-testid="timeline-marker"
            [style.left.%]="m.position * 100"
            [attr.aria-label]="'timeline.marker' | translate: { time: m.label, kind: ('kind.' + m.kind | translate) }"
            [title]="m.label"
            (click)="seek.emit(m.at)"
          ></button>
        }
      </div>
      <div class="ends">
        <span data-testid="timeline-from">{{ fromLabel() }}</span>
        <span data-testid="timeline-to">{{ toLabel() }}</span>
      </div>
      <ul class="legend">
        <li><span class="swatch recorded"></span>{{ 'timeline.recorded' | translate }}</li>
        <li><span class="swatch dark"></span>{{ 'timeline.dark' | translate }}</li>
      </ul>
    </div>
  `,
  styles: `
    .spans {
      display: flex;
      gap: 0.25rem;
      margin-bottom: 0.5rem;
    }
    .span {
      border: 1px solid var(--muted, #4a4f57);
      background: var(--surface, #fff);
      color: inherit;
      border-radius: 4px;
      padding: 0.25rem 0.6rem;
      cursor: pointer;
    }
    .span[aria-pressed='true'] {
      background: var(--primary, #1a5fb4);
      border-color: var(--primary, #1a5fb4);
      color: #fff;
    }
    .track {
      position: relative;
      height: 2.25rem;
      background: #e4e7ec;
      border: 1px solid var(--muted, #4a4f57);
      border-radius: 4px;
    }
    .bar {
      position: absolute;
      top: 0.6rem;
      bottom: 0.6rem;
    }
    .recorded,
    .swatch.recorded {
      background: #2f7d4a;
    }
    .dark,
    .swatch.dark {
      background: repeating-linear-gradient(45deg, #1d1d1f 0 4px, #6b7078 4px 8px);
    }
    .cursor {
      position: absolute;
      top: -0.2rem;
      bottom: -0.2rem;
      width: 2px;
      margin-left: -1px;
      background: #b3261e;
    }
    .marker {
      position: absolute;
      top: 0.15rem;
      width: 0.75rem;
      height: 0.75rem;
      margin-left: -0.375rem;
      padding: 0;
      border: 2px solid #fff;
      border-radius: 50%;
      background: var(--primary, #1a5fb4);
      box-shadow: 0 0 0 1px #1d1d1f;
      cursor: pointer;
    }
    .marker.cancel,
    .marker.delete {
      background: #b3261e;
    }
    .marker.modify {
      background: #8a5a00;
    }
    .marker:focus-visible {
      outline: 3px solid var(--focus, #1a5fb4);
      outline-offset: 2px;
    }
    .ends {
      display: flex;
      justify-content: space-between;
      font-size: 0.8rem;
      color: var(--muted, #4a4f57);
    }
    .legend {
      display: flex;
      gap: 1rem;
      margin: 0.25rem 0 0;
      padding: 0;
      list-style: none;
      font-size: 0.8rem;
    }
    .swatch {
      display: inline-block;
      width: 1rem;
      height: 0.6rem;
      margin-right: 0.3rem;
      vertical-align: middle;
    }
  `,
})
export class Timeline {
  private readonly lang = inject(LanguageService).lang;

  /** The right end of the timeline (now, for LIVE). */
  readonly end = input.required<string>();
  readonly span = input.required<TimelineSpan>();
  readonly recorded = input<readonly Span[]>([]);
  readonly dark = input<readonly Span[]>([]);
  readonly markers = input<readonly MarkerView[]>([]);
  /** The time the camera view shows; null: none marked. */
  readonly cursor = input<string | null>(null);
  readonly spanChange = output<TimelineSpan>();
  /** A time to show: a marker's. */
  readonly seek = output<string>();

  protected readonly spans = TIMELINE_SPANS;
  protected readonly range = computed(() => timelineRange(this.end(), this.span()));
  protected readonly recordedBars = computed(() => barsIn(this.range(), this.recorded()));
  protected readonly darkBars = computed(() => barsIn(this.range(), this.dark()));
  protected readonly cursorAt = computed(() => {
    const c = this.cursor();
    return c ? positionIn(this.range(), c) : null;
  });
  protected readonly shownMarkers = computed(() =>
    this.markers().flatMap((m) => {
      const at = positionIn(this.range(), m.at);
      return at === null ? [] : [{ ...m, position: at, label: formatTime(m.at, this.lang(), STORE_TIME_ZONE) }];
    }),
  );
  protected readonly fromLabel = computed(() => formatDateTime(this.range().from, this.lang(), STORE_TIME_ZONE));
  protected readonly toLabel = computed(() => formatDateTime(this.range().to, this.lang(), STORE_TIME_ZONE));
}
