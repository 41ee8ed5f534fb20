import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import {
  CamerasApi,
  LinksApi,
  SmaregiApi,
  type Camera,
  type Link,
  type SmaregiContract,
} from '@regicam/portal/data-access';
import { LanguageService } from '@regicam/portal/i18n';
import { firstValueFrom, forkJoin } from 'rxjs';
import { CameraLabelPipe, cameraById } from '../links/camera-label';
import { DeleteLinks } from '../links/delete-links';
import { LinkSelection } from '../links/link-selection';
import { problemText, type Notice } from '../links/notice';
import { AddLinkDialog } from './add-link-dialog';
import { PushUrls } from './push-urls';

type View = { state: 'loading' } | { state: 'failed'; text: string } | { state: 'ready' };

/**
 * スマレジ連携設定: the table 契約ID / アクセストークン (masked) / 端末ID /
 * カメラ, 「+」 for 新規設定追加, the checkboxes and trash icon to delete
 * several at once, 紐づけ変更 per row, and the push URLs for API送信設定.
 */
@Component({
  selector: 'rc-smaregi-page',
  imports: [TranslatePipe, RouterLink, CameraLabelPipe, DeleteLinks, AddLinkDialog, PushUrls],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'title.smaregi' | translate }}</h1>
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
        <div class="toolbar">
          <button
            type="button"
            class="icon"
            data-testid="add-link"
            [attr.aria-label]="'smaregi.add' | translate"
            [title]="'smaregi.add' | translate"
            (click)="add.open()"
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M11 4h2v7h7v2h-7v7h-2v-7H4v-2h7z" />
            </svg>
          </button>
          <rc-delete-links [linkIds]="selection.ids()" (deleted)="deleted($event)" (failed)="failed($event)" />
        </div>
        <table data-testid="smaregi-links">
          <caption class="visually-hidden">
            {{
              'smaregi.caption' | translate
            }}
          </caption>
          <thead>
            <tr>
              <th class="select" scope="col">
                <input
                  type="checkbox"
                  data-testid="select-all"
                  [disabled]="links().length === 0"
                  [checked]="selection.allTicked()"
                  [attr.aria-label]="'links.selectAll' | translate"
                  (change)="selection.toggleAll(checked($event))"
                />
              </th>
              <th scope="col">{{ 'column.contractId' | translate }}</th>
              <th scope="col">{{ 'column.accessToken' | translate }}</th>
              <th scope="col">{{ 'column.terminalId' | translate }}</th>
              <th scope="col">{{ 'column.camera' | translate }}</th>
              <th scope="col">
                <span class="visually-hidden">{{ 'column.actions' | translate }}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            @for (l of links(); track l.linkId) {
              <tr [attr.data-testid]="'link-' + l.contractId + '-' + l.terminalId">
                <td class="select">
                  <input
                    type="checkbox"
                    [checked]="selection.has(l.linkId)"
                    [attr.aria-label]="'links.selectRow' | translate: { terminal: l.contractId + ' / ' + l.terminalId }"
                    (change)="selection.toggle(l.linkId, checked($event))"
                  />
                </td>
                <td>{{ l.contractId }}</td>
                <td class="mono" data-testid="link-token">{{ tokenOf(l) }}</td>
                <td>{{ l.terminalId }}</td>
                <td data-testid="link-camera">
                  @if (camera(l.cameraId); as c) {
                    {{ c | rcCamera: lang() }}
                  } @else {
                    {{ l.cameraName ?? ('camera.unknown' | translate: { id: l.cameraId }) }}
                  }
                </td>
                <td>
                  <a
                    [routerLink]="['/links', l.linkId, 'relink']"
                    data-testid="link-relink"
                    [attr.aria-label]="'links.relinkOf' | translate: { terminal: l.contractId + ' / ' + l.terminalId }"
                    >{{ 'links.relink' | translate }}</a
                  >
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="6">{{ 'smaregi.empty' | translate }}</td>
              </tr>
            }
          </tbody>
        </table>
        <div class="note">
          <p>{{ 'links.note' | translate }}</p>
          <p>{{ 'links.noteSupport' | translate }}</p>
        </div>
        @if (contracts().length > 0) {
          <rc-push-urls [contracts]="contracts()" (notice)="notice.set($event)" (urlChange)="urlChanged($event)" />
        }
      }
    }
    <rc-add-link-dialog #add [cameras]="cameras()" (linkAdded)="load()" />
  `,
})
export class SmaregiPage implements OnInit {
  private readonly linksApi = inject(LinksApi);
  private readonly camerasApi = inject(CamerasApi);
  private readonly smaregi = inject(SmaregiApi);
  private readonly language = inject(LanguageService);
  protected readonly lang = this.language.lang;
  protected readonly view = signal<View>({ state: 'loading' });
  private readonly allLinks = signal<Link[]>([]);
  protected readonly links = computed(() => this.allLinks().filter((l) => l.provider === 'smaregi'));
  protected readonly cameras = signal<Camera[]>([]);
  protected readonly contracts = signal<SmaregiContract[]>([]);
  protected readonly notice = signal<Notice | null>(null);
  protected readonly selection = new LinkSelection();
  protected readonly add = viewChild.required(AddLinkDialog);
  private failure = '';

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const answer = await firstValueFrom(
        forkJoin({ links: this.linksApi.list(), cameras: this.camerasApi.list(), contracts: this.smaregi.contracts() }),
      );
      this.allLinks.set(answer.links);
      this.cameras.set(answer.cameras);
      this.contracts.set(answer.contracts);
      this.selection.show(this.links().map((l) => l.linkId));
      this.view.set({ state: 'ready' });
    } catch (thrown) {
      this.failure = this.problem(thrown);
      this.view.set({ state: 'failed', text: this.failure });
    }
  }

  protected failedText(): string {
    const v = this.view();
    return v.state === 'failed' ? v.text : '';
  }

  protected camera(id: string): Camera | undefined {
    return cameraById(this.cameras(), id);
  }

  protected tokenOf(link: Link): string {
    const contract = this.contracts().find((c) => c.contractId === link.contractId);
    if (contract?.api === 'platform') return this.language.text('smaregi.platformToken');
    return link.accessToken ?? '—';
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  protected urlChanged(change: { contractId: string; pushUrl: string }): void {
    this.contracts.update((list) =>
      list.map((c) => (c.contractId === change.contractId ? { ...c, pushUrl: change.pushUrl } : c)),
    );
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
