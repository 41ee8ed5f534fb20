import {
  ChangeDetectionStrategy,
  Component,
  InjectionToken,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { LanguageService, STORE_TIME_ZONE, formatDateTime } from '@regicam/portal/i18n';

/** The time now; tests give their own. */
export const CLOCK = new InjectionToken<() => Date>('regicam.clock', {
  providedIn: 'root',
  factory: () => () => new Date(),
});

/** Calls `tick` every `ms` until the returned stop is called; tests tick by hand. */
export const REPEAT = new InjectionToken<(ms: number, tick: () => void) => () => void>('regicam.repeat', {
  providedIn: 'root',
  factory: () => (ms: number, tick: () => void) => {
    const timer = setInterval(tick, ms);
    return () => clearInterval(timer);
  },
});

/** A picture URL with a refresh number, so that the browser asks for the latest picture again. */
export function refreshed(url: string, refresh: number): string {
  return `${url}${url.includes('?') ? '&' : '?'}refresh=${refresh}`;
}

/** One second before or after a time, to the whole second. */
export function stepped(at: Date, seconds: number): string {
  return new Date(Math.round(at.getTime() / 1000) * 1000 + seconds * 1000).toISOString();
}

/**
 * The camera view: LIVE (the latest picture, asked for again every
 * `refreshSeconds`) or the picture at a time, with the time shown, a step
 * of ±1 second and the way back to LIVE. The parent owns the time: it
 * gives `at` (null: LIVE) and the picture's URL for it, and keeps what
 * `atChange` emits. A step back from LIVE starts at the latest picture's
 * time.
 */
@Component({
  selector: 'rc-camera-view',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="view">
      <div class="frame" data-testid="view-frame">
        @if (src() && !broken()) {
          <img
            [src]="src()"
            [alt]="'view.alt' | translate: { camera: cameraName(), time: shownTime() }"
            data-testid="view-picture"
            (error)="broken.set(true)"
          />
        } @else {
          <p class="none" data-testid="view-none">{{ 'view.noPicture' | translate }}</p>
        }
      </div>
      <figcaption class="bar">
        <span class="time" data-testid="view-time" aria-live="polite">
          {{ shownTime() }}
          @if (at() === null) {
            <strong class="live" data-testid="view-live">{{ 'view.live' | translate }}</strong>
          }
        </span>
        <span class="steps">
          <button type="button" class="secondary" data-testid="view-back" (click)="step(-1)">
            −1s<span class="visually-hidden">（{{ 'view.back' | translate }}）</span>
          </button>
          <button
            type="button"
            class="secondary"
            data-testid="view-forward"
            [disabled]="at() === null"
            (click)="step(1)"
          >
            +1s<span class="visually-hidden">（{{ 'view.forward' | translate }}）</span>
          </button>
          <button
            type="button"
            class="secondary"
            data-testid="view-to-live"
            [disabled]="at() === null"
            (click)="atChange.emit(null)"
          >
            {{ 'view.toLive' | translate }}
          </button>
        </span>
      </figcaption>
    </figure>
  `,
  styles: `
    .view {
      margin: 0;
    }
    .frame {
      aspect-ratio: 16 / 9;
      background: linear-gradient(135deg, #3b4252, #4c566a);
      border-radius: 4px;
      overflow: hidden;
      display: flex;
      align-items: center;
      justify-content: center;
    }
    img {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: contain;
    }
    .none {
      color: #fff;
      margin: 0;
      padding: 1rem;
      text-align: center;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      justify-content: space-between;
      margin-top: 0.5rem;
    }
    .time {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
    }
    .live {
      margin-left: 0.5rem;
      padding: 0.1rem 0.4rem;
      border-radius: 3px;
      background: #b3261e;
      color: #fff;
    }
    .steps {
      display: flex;
      gap: 0.25rem;
    }
  `,
})
export class CameraView {
  private readonly lang = inject(LanguageService).lang;
  private readonly now = inject(CLOCK);
  private readonly repeat = inject(REPEAT);

  readonly cameraName = input.required<string>();
  /** The picture at `at`, or the latest one when LIVE; null: none to show. */
  readonly pictureUrl = input.required<string | null>();
  /** The time shown; null: LIVE. */
  readonly at = input<string | null>(null);
  /** How often LIVE asks for the latest picture again. */
  readonly refreshSeconds = input(5);
  /** A time to show (a step of a second), or null for LIVE. */
  readonly atChange = output<string | null>();

  /** How many times LIVE has asked again, and when it last did. */
  private readonly refresh = signal(0);
  private readonly liveAt = signal<Date>(this.now());
  protected readonly src = computed(() => {
    const url = this.pictureUrl();
    if (!url) return null;
    return this.at() === null ? refreshed(url, this.refresh()) : url;
  });
  /** A picture that does not load is shown as none, until another URL comes. */
  protected readonly broken = linkedSignal({ source: () => this.src(), computation: () => false });
  protected readonly shownTime = computed(() => {
    const at = this.at() ?? this.liveAt().toISOString();
    return formatDateTime(at, this.lang(), STORE_TIME_ZONE);
  });

  constructor() {
    effect((onCleanup) => {
      if (this.at() !== null) return;
      this.liveAt.set(this.now());
      const stop = this.repeat(this.refreshSeconds() * 1000, () => {
        this.liveAt.set(this.now());
        this.refresh.update((n) => n + 1);
      });
      onCleanup(stop);
    });
  }

  protected step(seconds: number): void {
    const at = this.at();
    this.atChange.emit(stepped(at === null ? this.liveAt() : new Date(at), seconds));
  }
}
