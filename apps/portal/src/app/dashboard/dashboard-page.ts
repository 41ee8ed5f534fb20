import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { CamerasApi, LinksApi, type Camera, type Link } from '@regicam/portal/data-access';
import { LanguageService } from '@regicam/portal/i18n';
import { firstValueFrom, forkJoin } from 'rxjs';
import { CameraLabelPipe } from '../links/camera-label';
import { problemText } from '../links/notice';

type View = { state: 'loading' } | { state: 'failed'; text: string } | { state: 'ready' };

/**
 * ダッシュボード: the camera picker (`?camera=<id>`, so a view can be
 * bookmarked), the camera's view, its sales and the registers linked to
 * it. Each part is its own section, filled from the chosen camera.
 */
@Component({
  selector: 'rc-dashboard-page',
  imports: [TranslatePipe, RouterLink, CameraLabelPipe],
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
          <div class="board">
            <section class="card" aria-labelledby="view-title" data-testid="dashboard-view">
              <h2 id="view-title">{{ 'dashboard.view' | translate }}</h2>
              <div
                class="frame"
                role="img"
                [attr.aria-label]="'dashboard.pictureOf' | translate: { camera: selected()?.name }"
              >
                <span>{{ selected()?.name }}</span>
              </div>
            </section>
            <section class="card" aria-labelledby="sales-title" data-testid="dashboard-transactions">
              <h2 id="sales-title">{{ 'dashboard.transactions' | translate }}</h2>
              <p class="empty">{{ 'dashboard.empty' | translate }}</p>
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
                  {{ 'dashboard.noLinks' | translate }} <a routerLink="/settings">{{ 'nav.settings' | translate }}</a>
                </li>
              }
            </ul>
          </section>
        }
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
    }
    @media (max-width: 900px) {
      .board {
        grid-template-columns: 1fr;
      }
    }
    .frame {
      aspect-ratio: 16 / 9;
      background: linear-gradient(135deg, #3b4252, #4c566a);
      border-radius: 4px;
      color: #fff;
      display: flex;
      align-items: center;
      justify-content: center;
    }
    .empty {
      color: var(--muted);
    }
  `,
})
export class DashboardPage implements OnInit {
  private readonly camerasApi = inject(CamerasApi);
  private readonly linksApi = inject(LinksApi);
  private readonly router = inject(Router);
  private readonly language = inject(LanguageService);
  /** The camera asked for (`?camera=`); the first camera when none or an unknown one. */
  readonly camera = input<string>();

  protected readonly lang = this.language.lang;
  protected readonly view = signal<View>({ state: 'loading' });
  protected readonly cameras = signal<Camera[]>([]);
  private readonly links = signal<Link[]>([]);
  protected readonly selected = computed(
    () => this.cameras().find((c) => c.cameraId === this.camera()) ?? this.cameras().at(0) ?? null,
  );
  protected readonly linked = computed(() => this.links().filter((l) => l.cameraId === this.selected()?.cameraId));

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
    }
  }

  protected failedText(): string {
    const v = this.view();
    return v.state === 'failed' ? v.text : '';
  }

  protected pick(event: Event): void {
    void this.router.navigate([], { queryParams: { camera: (event.target as HTMLSelectElement).value } });
  }
}
