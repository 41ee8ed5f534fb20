import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import {
  CamerasApi,
  UBIREGI_CONNECT_URL,
  UbiregiApi,
  type Camera,
  type UbiregiConnection,
  type UbiregiTerminal,
} from '@regicam/portal/data-access';
import { LanguageService } from '@regicam/portal/i18n';
import { firstValueFrom, forkJoin } from 'rxjs';
import { CameraLabelPipe } from '../links/camera-label';
import { DeleteLinks } from '../links/delete-links';
import { LinkSelection } from '../links/link-selection';
import { problemText, type Notice } from '../links/notice';

type View =
  { state: 'loading' } | { state: 'failed'; text: string } | { state: 'ready'; connection: UbiregiConnection | null };

/** What Ubiregi's answer (the callback's redirect to `/ubiregi?…`) says, as a notice key. */
export function outcomeOf(query: { connected: string | null; error: string | null }): {
  kind: Notice['kind'];
  key: string;
  code?: string;
} | null {
  if (query.connected === '1') return { kind: 'success', key: 'ubiregi.connected' };
  if (query.error === 'access_denied') return { kind: 'error', key: 'ubiregi.denied' };
  if (query.error === 'invalid_state') return { kind: 'error', key: 'ubiregi.invalidState' };
  if (query.error) return { kind: 'error', key: 'ubiregi.failed', code: query.error };
  return null;
}

/**
 * Ubiregi連携設定: 「Ubiregi Auth2連携」 sends the owner to Ubiregi's consent
 * page (許可する / 許可しない) and Ubiregi sends them back here, where the
 * outcome is said. Then each register of the account gets a camera (更新
 * per row); ticked links are deleted with the trash icon. When Ubiregi no
 * longer accepts the grant, a banner asks to connect again.
 */
@Component({
  selector: 'rc-ubiregi-page',
  imports: [TranslatePipe, RouterLink, CameraLabelPipe, DeleteLinks],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'title.ubiregi' | translate }}</h1>
    <p class="lead">{{ 'settings.description' | translate }}</p>
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
        <div class="notice error" role="alert">
          <p>{{ failedText() }}</p>
          <button type="button" class="secondary" (click)="load()">{{ 'common.reload' | translate }}</button>
        </div>
      }
      @case ('ready') {
        @if (connection(); as c) {
          @if (c.needsReconnect) {
            <section
              class="notice warning"
              role="alert"
              aria-labelledby="reconnect-title"
              data-testid="reconnect-banner"
            >
              <h2 id="reconnect-title">{{ 'ubiregi.reconnectTitle' | translate }}</h2>
              <p>{{ 'ubiregi.reconnectText' | translate }}</p>
              <a class="button primary" [href]="connectUrl" data-testid="reconnect">{{
                'ubiregi.reconnect' | translate
              }}</a>
            </section>
          }
          <div class="account-row">
            <p data-testid="ubiregi-account">{{ 'ubiregi.account' | translate: { name: c.account.name } }}</p>
            @if (!c.needsReconnect) {
              <a class="button secondary" [href]="connectUrl">{{ 'ubiregi.connect' | translate }}</a>
            }
          </div>
          <div class="toolbar">
            <rc-delete-links [linkIds]="selection.ids()" (deleted)="deleted($event)" (failed)="failed($event)" />
          </div>
          <table data-testid="ubiregi-terminals">
            <caption class="visually-hidden">
              {{
                'ubiregi.caption' | translate
              }}
            </caption>
            <thead>
              <tr>
                <th class="select" scope="col">
                  <span class="visually-hidden">{{ 'column.select' | translate }}</span>
                </th>
                <th scope="col">{{ 'column.contractId' | translate }}</th>
                <th scope="col">{{ 'column.terminalId' | translate }}</th>
                <th scope="col">{{ 'column.camera' | translate }}</th>
                <th scope="col">
                  <span class="visually-hidden">{{ 'column.actions' | translate }}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (t of c.terminals; track t.terminalId) {
                <tr [attr.data-testid]="'terminal-' + t.terminalId">
                  <td class="select">
                    <input
                      type="checkbox"
                      [disabled]="!t.linkId"
                      [checked]="!!t.linkId && selection.has(t.linkId)"
                      [attr.aria-label]="
                        'links.selectRow' | translate: { terminal: t.name + ' (' + t.terminalId + ')' }
                      "
                      (change)="t.linkId && selection.toggle(t.linkId, checked($event))"
                    />
                  </td>
                  <td>{{ t.contractId }}</td>
                  <td>
                    {{ t.terminalId }}<br /><span class="hint" data-testid="terminal-name">{{ t.name }}</span>
                  </td>
                  <td>
                    <select
                      [attr.aria-label]="'ubiregi.cameraOf' | translate: { terminal: t.terminalId }"
                      [attr.aria-describedby]="'camera-hint'"
                      data-testid="terminal-camera"
                      (change)="choose(t, $event)"
                    >
                      <option value="" [selected]="!choiceOf(t)">{{ 'ubiregi.noCamera' | translate }}</option>
                      @for (cam of cameras(); track cam.cameraId) {
                        <option
                          [value]="cam.cameraId"
                          [disabled]="!cam.linkable"
                          [selected]="cam.cameraId === choiceOf(t)"
                        >
                          {{ cam | rcCamera: lang() }}
                        </option>
                      }
                    </select>
                  </td>
                  <td class="actions">
                    <button
                      type="button"
                      class="primary"
                      data-testid="terminal-update"
                      [disabled]="busy() === t.terminalId || choiceOf(t) === (t.cameraId ?? '')"
                      [attr.aria-label]="'ubiregi.updateOf' | translate: { terminal: t.terminalId }"
                      (click)="update(t)"
                    >
                      {{ 'ubiregi.update' | translate }}
                    </button>
                    @if (t.linkId) {
                      <a
                        [routerLink]="['/links', t.linkId, 'relink']"
                        [attr.aria-label]="'links.relinkOf' | translate: { terminal: t.terminalId }"
                        >{{ 'links.relink' | translate }}</a
                      >
                    }
                  </td>
                </tr>
              } @empty {
                <tr>
                  <td colspan="5">{{ 'ubiregi.noTerminals' | translate }}</td>
                </tr>
              }
            </tbody>
          </table>
          <p class="hint" id="camera-hint">{{ 'camera.hint' | translate }}</p>
        } @else {
          <section class="card connect" data-testid="ubiregi-not-connected">
            <p>{{ 'ubiregi.notConnected' | translate }}</p>
            <a class="button primary" [href]="connectUrl" data-testid="ubiregi-connect">{{
              'ubiregi.connect' | translate
            }}</a>
            <p class="hint">{{ 'ubiregi.connectHelp' | translate }}</p>
          </section>
        }
        <div class="note">
          <p>{{ 'links.note' | translate }}</p>
          <p>{{ 'links.noteSupport' | translate }}</p>
        </div>
      }
    }
  `,
  styles: `
    .account-row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      justify-content: space-between;
    }
    .actions {
      white-space: nowrap;
    }
    .actions a {
      margin-left: 0.75rem;
    }
    .connect .button {
      margin: 0.25rem 0 0.75rem;
    }
    select {
      width: 100%;
    }
  `,
})
export class UbiregiPage implements OnInit {
  private readonly ubiregi = inject(UbiregiApi);
  private readonly camerasApi = inject(CamerasApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly language = inject(LanguageService);
  protected readonly lang = this.language.lang;
  protected readonly connectUrl = UBIREGI_CONNECT_URL;
  protected readonly view = signal<View>({ state: 'loading' });
  protected readonly cameras = signal<Camera[]>([]);
  protected readonly notice = signal<Notice | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly selection = new LinkSelection();
  private readonly choices = signal<Record<string, string>>({});

  ngOnInit(): void {
    const q = this.route.snapshot.queryParamMap;
    const outcome = outcomeOf({ connected: q.get('connected'), error: q.get('error') });
    if (outcome) {
      this.notice.set({ kind: outcome.kind, text: this.language.text(outcome.key, { code: outcome.code }) });
      // The outcome is said once: a reload or a bookmark does not say it again.
      void this.router.navigate([], { relativeTo: this.route, queryParams: {}, replaceUrl: true });
    }
    void this.load();
  }

  protected connection(): UbiregiConnection | null {
    const v = this.view();
    return v.state === 'ready' ? v.connection : null;
  }

  protected failedText(): string {
    const v = this.view();
    return v.state === 'failed' ? v.text : '';
  }

  protected choiceOf(t: UbiregiTerminal): string {
    return this.choices()[t.terminalId] ?? t.cameraId ?? '';
  }

  protected choose(t: UbiregiTerminal, event: Event): void {
    this.choices.update((c) => ({ ...c, [t.terminalId]: (event.target as HTMLSelectElement).value }));
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  async load(): Promise<void> {
    try {
      const { connection, cameras } = await firstValueFrom(
        forkJoin({ connection: this.ubiregi.connection(), cameras: this.camerasApi.list() }),
      );
      this.cameras.set(cameras);
      this.choices.set({});
      this.selection.show(connection?.terminals.flatMap((t) => (t.linkId ? [t.linkId] : [])) ?? []);
      this.view.set({ state: 'ready', connection });
    } catch (thrown) {
      this.view.set({ state: 'failed', text: this.problem(thrown) });
    }
  }

  protected async update(t: UbiregiTerminal): Promise<void> {
    const cameraId = this.choiceOf(t) || null;
    this.busy.set(t.terminalId);
    try {
      await firstValueFrom(this.ubiregi.assign(t.terminalId, cameraId));
      const key = cameraId ? 'ubiregi.updated' : 'ubiregi.unlinked';
      this.notice.set({ kind: 'success', text: this.language.text(key, { terminal: t.terminalId }) });
      await this.load();
    } catch (thrown) {
      this.notice.set({ kind: 'error', text: this.problem(thrown) });
    } finally {
      this.busy.set(null);
    }
  }

  protected async deleted(count: number): Promise<void> {
    this.selection.clear();
    this.notice.set({ kind: 'success', text: this.language.text('links.deleted', { count }) });
    await this.load();
  }

  protected async failed(thrown: unknown): Promise<void> {
    this.notice.set({ kind: 'error', text: `${this.problem(thrown)} ${this.language.text('links.changedMeanwhile')}` });
    await this.load();
  }

  private problem(thrown: unknown): string {
    return problemText(thrown, this.language);
  }
}
