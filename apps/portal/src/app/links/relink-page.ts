import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import {
  ApiProblem,
  CamerasApi,
  LinksApi,
  cameraPictureUrl,
  type Camera,
  type Link,
  type Region,
} from '@regicam/portal/data-access';
import { DateTimePipe, LanguageService } from '@regicam/portal/i18n';
import { RegionPicker } from '@regicam/portal/ui';
import { firstValueFrom, forkJoin } from 'rxjs';
import { CameraLabelPipe, cameraById } from './camera-label';
import { problemText, type Notice } from './notice';

type View =
  { state: 'loading' } | { state: 'failed'; text: string } | { state: 'missing' } | { state: 'ready'; link: Link };

/**
 * カメラ-レジ端末の紐づけ変更 in one step: the manual deletes the link and
 * adds another; here the register moves to the chosen camera, with the
 * part of its picture that shows the register, in one change
 * (`PUT /api/links/:linkId/camera`, recorded as LinkRemoved + LinkCreated
 * in one append).
 */
@Component({
  selector: 'rc-relink-page',
  imports: [TranslatePipe, RouterLink, CameraLabelPipe, DateTimePipe, RegionPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'title.relink' | translate }}</h1>
    <p class="lead">{{ 'relink.lead' | translate }}</p>
    @if (notice(); as n) {
      <div class="notice" [class]="n.kind" [attr.role]="n.kind === 'error' ? 'alert' : 'status'" data-testid="notice">
        {{ n.text }}
      </div>
    }
    @switch (view().state) {
      @case ('loading') {
        <p role="status">{{ 'common.loading' | translate }}</p>
      }
      @case ('failed') {
        <div class="notice error" role="alert">{{ failedText() }}</div>
      }
      @case ('missing') {
        <p class="notice error" role="alert">{{ 'relink.notFound' | translate }}</p>
        <p>
          <a routerLink="/settings">{{ 'common.home' | translate }}</a>
        </p>
      }
      @case ('ready') {
        @if (link(); as l) {
          <section class="card" aria-labelledby="current-title">
            <h2 id="current-title">{{ 'relink.current' | translate }}</h2>
            <dl class="facts" data-testid="relink-current">
              <dt>{{ 'relink.pos' | translate }}</dt>
              <dd>{{ 'provider.' + l.provider | translate }}</dd>
              <dt>{{ 'column.contractId' | translate }}</dt>
              <dd>{{ l.contractId }}</dd>
              <dt>{{ 'column.terminalId' | translate }}</dt>
              <dd>{{ l.terminalId }}</dd>
              <dt>{{ 'column.camera' | translate }}</dt>
              <dd data-testid="relink-current-camera">
                @if (camera(l.cameraId); as c) {
                  {{ c | rcCamera: lang() }}
                } @else {
                  {{ l.cameraName ?? l.cameraId }}
                }
              </dd>
              <dt>{{ 'relink.since' | translate }}</dt>
              <dd>{{ l.createdAt | rcDateTime: lang() }}</dd>
            </dl>
          </section>
          <form class="card" (submit)="submit($event)">
            <div class="field">
              <label for="relink-camera">{{ 'relink.camera' | translate }}</label>
              <select
                id="relink-camera"
                data-testid="relink-camera"
                aria-describedby="relink-camera-hint"
                (change)="pick($event)"
              >
                @for (c of cameras(); track c.cameraId) {
                  <option [value]="c.cameraId" [disabled]="!c.linkable" [selected]="c.cameraId === cameraId()">
                    {{ c | rcCamera: lang() }}
                  </option>
                }
              </select>
              <p class="hint" id="relink-camera-hint">{{ 'camera.hint' | translate }}</p>
            </div>
            <h2>{{ 'relink.region' | translate }}</h2>
            <rc-region-picker [imageUrl]="pictureUrl()" [region]="region()" (regionChange)="region.set($event)" />
            <div class="actions">
              <a [routerLink]="'/' + l.provider">{{
                'relink.back' | translate: { provider: ('provider.' + l.provider | translate) }
              }}</a>
              <button type="submit" class="primary" data-testid="relink-submit" [disabled]="busy()">
                {{ (busy() ? 'relink.submitting' : 'relink.submit') | translate }}
              </button>
            </div>
          </form>
        }
      }
    }
  `,
  styles: `
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 1rem;
      margin: 0;
    }
    .facts dt {
      font-weight: 600;
    }
    .facts dd {
      margin: 0;
    }
    rc-region-picker {
      max-width: 48rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      align-items: center;
      justify-content: space-between;
      margin-top: 1rem;
    }
  `,
})
export class RelinkPage {
  private readonly linksApi = inject(LinksApi);
  private readonly camerasApi = inject(CamerasApi);
  private readonly router = inject(Router);
  private readonly language = inject(LanguageService);
  /** The link to change (the route's `:linkId`). */
  readonly linkId = input.required<string>();

  protected readonly lang = this.language.lang;
  protected readonly view = signal<View>({ state: 'loading' });
  protected readonly cameras = signal<Camera[]>([]);
  protected readonly cameraId = signal('');
  protected readonly region = signal<Region | null>(null);
  protected readonly notice = signal<Notice | null>(null);
  protected readonly busy = signal(false);
  protected readonly link = computed(() => {
    const v = this.view();
    return v.state === 'ready' ? v.link : null;
  });
  protected readonly pictureUrl = computed(() => (this.cameraId() ? cameraPictureUrl(this.cameraId()) : null));

  constructor() {
    effect(() => {
      const linkId = this.linkId();
      untracked(() => void this.load(linkId));
    });
  }

  protected failedText(): string {
    const v = this.view();
    return v.state === 'failed' ? v.text : '';
  }

  protected camera(id: string): Camera | undefined {
    return cameraById(this.cameras(), id);
  }

  protected pick(event: Event): void {
    this.cameraId.set((event.target as HTMLSelectElement).value);
  }

  private async load(linkId: string): Promise<void> {
    try {
      const { links, cameras } = await firstValueFrom(
        forkJoin({ links: this.linksApi.list(), cameras: this.camerasApi.list() }),
      );
      const link = links.find((l) => l.linkId === linkId);
      this.cameras.set(cameras);
      if (!link) return this.view.set({ state: 'missing' });
      this.cameraId.set(link.cameraId);
      this.region.set(link.region);
      this.view.set({ state: 'ready', link });
    } catch (thrown) {
      this.view.set({ state: 'failed', text: this.problem(thrown) });
    }
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    const link = this.link();
    if (!link) return;
    this.busy.set(true);
    try {
      const moved = await firstValueFrom(this.linksApi.relink(link.linkId, this.cameraId(), this.region()));
      if (moved.linkId === link.linkId) {
        this.notice.set({ kind: 'info', text: this.language.text('relink.unchanged') });
        return;
      }
      const camera = this.camera(moved.cameraId)?.name ?? moved.cameraName ?? moved.cameraId;
      this.notice.set({ kind: 'success', text: this.language.text('relink.done', { camera }) });
      // The register's link in force is the new one: this screen now shows it.
      await this.router.navigate(['/links', moved.linkId, 'relink'], { replaceUrl: true });
    } catch (thrown) {
      await this.refused(thrown);
    } finally {
      this.busy.set(false);
    }
  }

  /** A change came first (409 link_changed): show the link in force now, or say that none is. */
  private async refused(thrown: unknown): Promise<void> {
    const problem = ApiProblem.from(thrown);
    const current = problem.field('linkId')?.['currentLinkId'];
    if (problem.error === 'link_changed') {
      this.notice.set({ kind: 'error', text: this.language.text('links.changedMeanwhile') });
      if (typeof current === 'string') await this.router.navigate(['/links', current, 'relink'], { replaceUrl: true });
      else this.view.set({ state: 'missing' });
      return;
    }
    this.notice.set({ kind: 'error', text: this.problem(thrown) });
  }

  private problem(thrown: unknown): string {
    return problemText(thrown, this.language);
  }
}
