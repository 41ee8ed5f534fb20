import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  OnInit,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  type WritableSignal,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import {
  CamerasApi,
  DashboardApi,
  LinksApi,
  cameraPictureUrl,
  type Camera,
  type CameraTimeline,
  type DashboardEvent,
  type DashboardTransaction,
  type KindTotal,
  type Link,
  type TransactionKind,
  type TransactionsQuery,
} from '@regicam/portal/data-access';
import { LanguageService, STORE_TIME_ZONE, YenPipe, dayOf } from '@regicam/portal/i18n';
import {
  CLOCK,
  CameraView,
  REPEAT,
  DayFilters,
  SALE_KINDS,
  SPAN_MS,
  Timeline,
  TransactionRow,
  type DayFilter,
  type TimelineSpan,
} from '@regicam/portal/ui';
import { firstValueFrom, forkJoin } from 'rxjs';
import { CameraLabelPipe } from '../links/camera-label';
import { problemText } from '../links/notice';
import { belongsTo, originalTimes, withPicture, withRow, type ListScope } from './day-list';

type View = { state: 'loading' } | { state: 'failed'; text: string } | { state: 'ready' };

/** A day list as shown: its rows, where the next page starts, the day's totals, and whether it is loading. */
type DayList = {
  rows: DashboardTransaction[];
  nextCursor: string | null;
  totals: Record<TransactionKind, KindTotal> | null;
  loading: boolean;
  error: string | null;
};

const EMPTY: DayList = { rows: [], nextCursor: null, totals: null, loading: true, error: null };
const PAGE = 50;
/**
 * How often the unlinked registers' list is read again: the stream tells
 * an owner of rows on their cameras only (a row no camera covered belongs
 * to no owner's feed), so that list follows by reading.
 */
const UNLINKED_REFRESH_MS = 15_000;

/**
 * ダッシュボード, as the manual shows it, with its data live:
 * 1. the camera picker (`?camera=<id>`, so a view can be bookmarked);
 * 2. the camera view (LIVE, or the picture at a chosen time, ±1 s) and its
 *    timeline (72H … 10M: recorded, dark, a marker per transaction);
 * 3. the day list of the camera's registers (date, kind, search, paging),
 *    each row with its thumbnail; a row or a marker seeks the view to its second;
 * 4. the registers linked to the camera, and the sales of registers no camera covers;
 * 5. the stream (`/api/stream`) puts new rows, pictures and link changes
 *    in place without a reload; when it cannot resume it says `reset` and
 *    the lists are read again.
 */
@Component({
  selector: 'rc-dashboard-page',
  imports: [TranslatePipe, RouterLink, CameraLabelPipe, CameraView, Timeline, DayFilters, TransactionRow, YenPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'title.dashboard' | translate }}</h1>
    @switch (view().state) {
      @case ('loading') {
        <p role="status">{{ 'common.loading' | translate }}</p>
      }
      @case ('failed') {
        <div class="notice error" role="alert">{{ failedText() }}</div>
      }
      @case ('ready') {
        @if (cameras().length === 0) {
          <p class="notice info" data-testid="dashboard-no-cameras">{{ 'camera.noCameras' | translate }}</p>
        } @else {
          <div class="field picker">
            <label for="dashboard-camera">{{ 'dashboard.camera' | translate }}</label>
            <select id="dashboard-camera" data-testid="dashboard-camera" (change)="pick($event)">
              @for (c of cameras(); track c.cameraId) {
                <option [value]="c.cameraId" [selected]="c.cameraId === selected()?.cameraId">
                  {{ c | rcCamera: lang() }}
                </option>
              }
            </select>
          </div>
          @if (selected(); as camera) {
            <div class="board">
              <section class="card" aria-labelledby="view-title" data-testid="dashboard-view">
                <h2 id="view-title">{{ 'dashboard.view' | translate }}</h2>
                <rc-camera-view
                  [cameraName]="camera.name"
                  [pictureUrl]="pictureUrl()"
                  [at]="at()"
                  (atChange)="showAt($event, null)"
                />
                <rc-timeline
                  [end]="timelineEnd()"
                  [span]="span()"
                  [recorded]="timeline()?.recorded ?? []"
                  [dark]="timeline()?.dark ?? []"
                  [markers]="timeline()?.markers ?? []"
                  [cursor]="at()"
                  (spanChange)="span.set($event)"
                  (seek)="seekMarker($event)"
                />
                @if (timelineError()) {
                  <p class="notice error" role="alert">{{ 'dashboard.timelineFailed' | translate }}</p>
                }
              </section>
              <section class="card" aria-labelledby="sales-title" data-testid="dashboard-transactions">
                <h2 id="sales-title">{{ 'dashboard.transactions' | translate }}</h2>
                <rc-day-filters [filter]="filter()" [counts]="counts()" (filterChange)="filter.set($event)" />
                @if (day().totals; as totals) {
                  <p class="totals" data-testid="day-totals">
                    <span class="visually-hidden">{{ 'dashboard.totals' | translate }}:</span>
                    @for (k of kinds; track k) {
                      @if (totals[k].count > 0) {
                        <span>
                          {{
                            'dashboard.totalOf'
                              | translate
                                : {
                                    kind: ('kind.' + k | translate),
                                    count: totals[k].count,
                                    total: (totals[k].total | rcYen: lang()),
                                  }
                          }}
                        </span>
                      }
                    }
                  </p>
                }
                <p class="live" aria-live="polite">{{ 'dashboard.live' | translate }}</p>
                @if (day().error; as error) {
                  <p class="notice error" role="alert">{{ error }}</p>
                }
                <ul class="rows" data-testid="day-rows" aria-live="polite" [attr.aria-busy]="day().loading">
                  @for (t of day().rows; track t.transactionKey) {
                    <li [attr.data-testid]="'row-' + t.transactionKey" data-row>
                      <rc-transaction-row
                        [transaction]="t"
                        [originalAt]="originals().get(t.transactionKey) ?? null"
                        [selected]="t.transactionKey === selectedKey()"
                        (seek)="showAt($event, t.transactionKey)"
                      />
                    </li>
                  } @empty {
                    @if (!day().loading) {
                      <li class="empty" data-testid="day-empty">
                        {{ (filtered() ? 'dashboard.noMatch' : 'dashboard.noSales') | translate }}
                      </li>
                    }
                  }
                </ul>
                @if (day().loading) {
                  <p role="status">{{ 'common.loading' | translate }}</p>
                } @else if (day().nextCursor) {
                  <button type="button" class="secondary" data-testid="day-more" (click)="more()">
                    {{ 'dashboard.more' | translate }}
                  </button>
                }
              </section>
            </div>
            <section class="card" aria-labelledby="linked-title" data-testid="dashboard-links">
              <h2 id="linked-title">{{ 'dashboard.linked' | translate }}</h2>
              <ul>
                @for (l of linked(); track l.linkId) {
                  <li>
                    {{
                      'dashboard.terminal'
                        | translate
                          : {
                              provider: ('provider.' + l.provider | translate),
                              contract: l.contractId,
                              terminal: l.terminalId,
                            }
                    }}
                    — <a [routerLink]="['/links', l.linkId, 'relink']">{{ 'links.relink' | translate }}</a>
                  </li>
                } @empty {
                  <li>
                    {{ 'dashboard.noLinks' | translate }}
                    <a routerLink="/settings">{{ 'nav.settings' | translate }}</a>
                  </li>
                }
              </ul>
            </section>
          }
        }
        <section class="card" aria-labelledby="unlinked-title" data-testid="dashboard-unlinked">
          <h2 id="unlinked-title">{{ 'dashboard.unlinked' | translate }}</h2>
          <p>{{ 'dashboard.unlinkedLead' | translate }}</p>
          <ul class="rows">
            @for (t of unlinked().rows; track t.transactionKey) {
              <li [attr.data-testid]="'unlinked-' + t.transactionKey">
                <rc-transaction-row
                  [transaction]="t"
                  [originalAt]="unlinkedOriginals().get(t.transactionKey) ?? null"
                />
              </li>
            } @empty {
              @if (!unlinked().loading) {
                <li class="empty" data-testid="unlinked-empty">{{ 'dashboard.noUnlinked' | translate }}</li>
              }
            }
          </ul>
          @if (!unlinked().loading && unlinked().nextCursor) {
            <button type="button" class="secondary" data-testid="unlinked-more" (click)="moreUnlinked()">
              {{ 'dashboard.more' | translate }}
            </button>
          }
        </section>
      }
    }
  `,
  styles: `
    .picker {
      max-width: 32rem;
    }
    .board {
      display: grid;
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
      gap: 1rem;
      align-items: start;
    }
    @media (max-width: 900px) {
      .board {
        grid-template-columns: 1fr;
      }
    }
    rc-timeline {
      display: block;
      margin-top: 1rem;
    }
    .rows {
      list-style: none;
      margin: 0.75rem 0 0;
      padding: 0;
      max-height: 70vh;
      overflow-y: auto;
    }
    .rows li + li {
      border-top: 1px solid #d0d4da;
    }
    .totals {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      margin: 0.75rem 0 0;
      font-variant-numeric: tabular-nums;
    }
    .live {
      margin: 0.25rem 0 0;
      font-size: 0.85rem;
      color: var(--muted);
    }
    .empty {
      color: var(--muted);
      padding: 0.5rem 0;
    }
  `,
})
export class DashboardPage implements OnInit {
  private readonly camerasApi = inject(CamerasApi);
  private readonly linksApi = inject(LinksApi);
  private readonly dashboardApi = inject(DashboardApi);
  private readonly router = inject(Router);
  private readonly language = inject(LanguageService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly now = inject(CLOCK);
  private readonly repeat = inject(REPEAT);
  /** The camera asked for (`?camera=`); the first camera when none or an unknown one. */
  readonly camera = input<string>();

  protected readonly lang = this.language.lang;
  protected readonly kinds = SALE_KINDS;
  protected readonly view = signal<View>({ state: 'loading' });
  protected readonly cameras = signal<Camera[]>([]);
  private readonly links = signal<Link[]>([]);
  protected readonly selected = computed(
    () => this.cameras().find((c) => c.cameraId === this.camera()) ?? this.cameras().at(0) ?? null,
  );
  protected readonly linked = computed(() => this.links().filter((l) => l.cameraId === this.selected()?.cameraId));

  protected readonly filter = signal<DayFilter>({ date: dayOf(this.now(), STORE_TIME_ZONE), kind: null, q: '' });
  protected readonly filtered = computed(() => this.filter().kind !== null || this.filter().q !== '');
  protected readonly day = signal<DayList>(EMPTY);
  protected readonly unlinked = signal<DayList>(EMPTY);
  protected readonly originals = computed(() => originalTimes(this.day().rows));
  protected readonly unlinkedOriginals = computed(() => originalTimes(this.unlinked().rows));
  protected readonly counts = computed(() => {
    const totals = this.day().totals;
    return totals ? Object.fromEntries(SALE_KINDS.map((k) => [k, totals[k].count])) : null;
  });

  /** The time the camera view shows (null: LIVE), and the row it was sought from. */
  protected readonly at = signal<string | null>(null);
  protected readonly selectedKey = signal<string | null>(null);
  protected readonly pictureUrl = computed(() => {
    const camera = this.selected();
    return camera ? cameraPictureUrl(camera.cameraId, this.at() ?? undefined) : null;
  });
  protected readonly span = signal<TimelineSpan>('1H');
  /** The timeline's right end: now, or later than the time shown when it lies before the span. */
  protected readonly timelineEnd = signal<string>(this.now().toISOString());
  protected readonly timeline = signal<CameraTimeline | null>(null);
  protected readonly timelineError = signal(false);
  /** Each read of a list or the timeline has its number; an answer to an older read is dropped. */
  private readonly reads = { day: 0, unlinked: 0, timeline: 0, totals: 0 };

  constructor() {
    effect(() => {
      const camera = this.selected();
      const filter = this.filter();
      if (this.view().state !== 'ready') return;
      untracked(() => {
        if (camera) void this.loadDay(camera.cameraId, filter, null);
        void this.loadUnlinked(filter.date, null);
      });
    });
    effect(() => {
      const camera = this.selected();
      const span = this.span();
      const end = this.timelineEnd();
      if (camera) untracked(() => void this.loadTimeline(camera.cameraId, span, end));
    });
    effect(() => {
      this.selected();
      untracked(() => this.showAt(null, null));
    });
  }

  async ngOnInit(): Promise<void> {
    try {
      const { cameras, links } = await firstValueFrom(
        forkJoin({ cameras: this.camerasApi.list(), links: this.linksApi.list() }),
      );
      this.cameras.set(cameras);
      this.links.set(links);
      this.view.set({ state: 'ready' });
    } catch (thrown) {
      this.view.set({ state: 'failed', text: problemText(thrown, this.language) });
      return;
    }
    const subscription = this.dashboardApi.events().subscribe((e) => this.apply(e));
    this.destroyRef.onDestroy(() => subscription.unsubscribe());
    const stop = this.repeat(UNLINKED_REFRESH_MS, () => void this.refreshUnlinked());
    this.destroyRef.onDestroy(stop);
  }

  protected failedText(): string {
    const v = this.view();
    return v.state === 'failed' ? v.text : '';
  }

  protected pick(event: Event): void {
    void this.router.navigate([], { queryParams: { camera: (event.target as HTMLSelectElement).value } });
  }

  /** Shows the picture at `at` (null: LIVE), from a row (its key) or a step; the timeline follows. */
  protected showAt(at: string | null, transactionKey: string | null): void {
    this.at.set(at);
    this.selectedKey.set(transactionKey);
    const now = this.now().getTime();
    if (at === null) {
      this.timelineEnd.set(new Date(now).toISOString());
      return;
    }
    const t = Date.parse(at);
    const end = Date.parse(this.timelineEnd());
    const span = SPAN_MS[this.span()];
    if (t > end || t < end - span) this.timelineEnd.set(new Date(Math.min(now, t + span / 2)).toISOString());
  }

  protected seekMarker(at: string): void {
    const marker = this.timeline()?.markers.find((m) => m.at === at);
    this.showAt(at, marker?.transactionKey ?? null);
  }

  protected more(): void {
    const camera = this.selected();
    const cursor = this.day().nextCursor;
    if (camera && cursor) void this.loadDay(camera.cameraId, this.filter(), cursor);
  }

  protected moreUnlinked(): void {
    const cursor = this.unlinked().nextCursor;
    if (cursor) void this.loadUnlinked(this.filter().date, cursor);
  }

  private scope(): ListScope {
    const f = this.filter();
    return { cameraId: this.selected()?.cameraId ?? null, unlinked: false, day: f.date, kind: f.kind, q: f.q };
  }

  /** One page of the camera's day: the first replaces the list, a later one (`cursor`) adds to it. */
  private loadDay(cameraId: string, filter: DayFilter, cursor: string | null): Promise<void> {
    const kind = filter.kind ? [filter.kind] : undefined;
    return this.loadPage('day', this.day, { cameraId, date: filter.date, kind, q: filter.q }, cursor);
  }

  private loadUnlinked(date: string, cursor: string | null): Promise<void> {
    return this.loadPage('unlinked', this.unlinked, { unlinked: true, date }, cursor);
  }

  private async loadPage(
    which: 'day' | 'unlinked',
    list: WritableSignal<DayList>,
    query: TransactionsQuery,
    cursor: string | null,
  ): Promise<void> {
    const read = ++this.reads[which];
    list.update((d) => (cursor ? { ...d, loading: true } : { ...EMPTY }));
    try {
      const page = await firstValueFrom(
        this.dashboardApi.transactions({ ...query, cursor: cursor ?? undefined, limit: PAGE }),
      );
      if (read !== this.reads[which]) return;
      list.update((d) => ({
        rows: cursor ? [...d.rows, ...page.transactions] : page.transactions,
        nextCursor: page.nextCursor,
        totals: page.totals,
        loading: false,
        error: null,
      }));
    } catch (thrown) {
      if (read !== this.reads[which]) return;
      list.update((d) => ({ ...d, loading: false, error: problemText(thrown, this.language) }));
    }
  }

  /** The unlinked list's first pages again, as many rows as shown, in place (no loading state). */
  private async refreshUnlinked(): Promise<void> {
    const read = ++this.reads.unlinked;
    const date = this.filter().date;
    try {
      const limit = Math.min(200, Math.max(PAGE, this.unlinked().rows.length));
      const page = await firstValueFrom(this.dashboardApi.transactions({ unlinked: true, date, limit }));
      if (read !== this.reads.unlinked) return;
      this.unlinked.set({
        rows: page.transactions,
        nextCursor: page.nextCursor,
        totals: page.totals,
        loading: false,
        error: null,
      });
    } catch {
      // The rows shown stay; the next refresh reads them again.
    }
  }

  /** The day's totals again (a new row changed them), from the smallest page. */
  private async reloadTotals(cameraId: string, date: string): Promise<void> {
    const read = ++this.reads.totals;
    try {
      const page = await firstValueFrom(this.dashboardApi.transactions({ cameraId, date, limit: 1 }));
      if (read === this.reads.totals && this.selected()?.cameraId === cameraId && this.filter().date === date)
        this.day.update((d) => ({ ...d, totals: page.totals }));
    } catch {
      // The totals shown stay those of the last read; the next row reads them again.
    }
  }

  private async loadTimeline(cameraId: string, span: TimelineSpan, end: string): Promise<void> {
    const read = ++this.reads.timeline;
    const to = Date.parse(end);
    try {
      const timeline = await firstValueFrom(
        this.dashboardApi.timeline(cameraId, new Date(to - SPAN_MS[span]).toISOString(), new Date(to).toISOString()),
      );
      if (read !== this.reads.timeline) return;
      this.timeline.set(timeline);
      this.timelineError.set(false);
    } catch {
      if (read === this.reads.timeline) this.timelineError.set(true);
    }
  }

  /** 5. What the stream says, put in place. */
  private apply(e: DashboardEvent): void {
    switch (e.type) {
      case 'row': {
        const row = e.transaction;
        const scope = this.scope();
        const listed = this.day().rows.some((r) => r.transactionKey === row.transactionKey);
        const belongs = belongsTo(row, scope);
        if (belongs || listed) this.day.update((d) => ({ ...d, rows: withRow(d.rows, row, belongs) }));
        const unlinkedScope = { ...scope, cameraId: null, unlinked: true, kind: null, q: '' };
        const inUnlinked = belongsTo(row, unlinkedScope);
        if (inUnlinked || this.unlinked().rows.some((r) => r.transactionKey === row.transactionKey))
          this.unlinked.update((d) => ({ ...d, rows: withRow(d.rows, row, inUnlinked) }));
        if (scope.cameraId && row.cameraId === scope.cameraId && row.storeDay === scope.day) {
          void this.reloadTotals(scope.cameraId, scope.day);
          const t = Date.parse(row.occurredAt);
          const end = Date.parse(this.timelineEnd());
          if (this.at() === null) this.timelineEnd.set(this.now().toISOString());
          else if (t <= end && t >= end - SPAN_MS[this.span()])
            void this.loadTimeline(scope.cameraId, this.span(), this.timelineEnd());
        }
        return;
      }
      case 'picture':
        this.day.update((d) => ({ ...d, rows: withPicture(d.rows, e.transactionKey, e.picture) }));
        this.unlinked.update((d) => ({ ...d, rows: withPicture(d.rows, e.transactionKey, e.picture) }));
        return;
      case 'link':
        void firstValueFrom(this.linksApi.list()).then(
          (links) => this.links.set(links),
          () => undefined,
        );
        return;
      case 'reset': {
        const camera = this.selected();
        if (camera) void this.loadDay(camera.cameraId, this.filter(), null);
        void this.loadUnlinked(this.filter().date, null);
        return;
      }
      case 'logout':
        // The session ended elsewhere (another tab logged out, or it expired): log in again, then come back.
        void this.router.navigate(['/login'], { queryParams: { returnUrl: this.router.url } });
        return;
    }
  }
}
