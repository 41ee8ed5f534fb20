import { ChangeDetectionStrategy, Component, Injector, afterNextRender, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';
import { LANGS, LanguageService } from '@regicam/portal/i18n';
import { filter } from 'rxjs';
import { SessionStore } from './session/session-store';

const LANG_NAMES = { ja: '日本語', en: 'English' } as const;

/**
 * The portal's frame: the header (the portal's name, the menu, who is
 * logged in, the language switch, ログアウト) around the routed screen.
 * After each navigation the focus moves to the new screen's heading, so a
 * keyboard or screen-reader user starts reading there.
 */
@Component({
  selector: 'rc-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button type="button" class="skip" (click)="focusMain()">{{ 'app.skip' | translate }}</button>
    <header class="bar">
      <div class="brand-row">
        <a routerLink="/" class="brand">RegiCam</a>
        <span class="subtitle">{{ 'app.title' | translate }}</span>
      </div>
      <div class="tools">
        @if (owner(); as o) {
          <nav [attr.aria-label]="'nav.label' | translate">
            <a routerLink="/settings" routerLinkActive="active" ariaCurrentWhenActive="page">{{
              'nav.settings' | translate
            }}</a>
            <a routerLink="/dashboard" routerLinkActive="active" ariaCurrentWhenActive="page">{{
              'nav.dashboard' | translate
            }}</a>
            <a routerLink="/audit" routerLinkActive="active" ariaCurrentWhenActive="page">{{
              'nav.audit' | translate
            }}</a>
          </nav>
          <p class="owner">
            <span class="visually-hidden">{{ 'header.owner' | translate }}: </span
            ><span data-testid="owner-name">{{ o.displayName || o.email }}</span>
          </p>
          <button type="button" class="on-dark" data-testid="logout" (click)="logout()">
            {{ 'header.logout' | translate }}
          </button>
        }
        <div class="langs" role="group" [attr.aria-label]="'header.language' | translate">
          @for (l of langs; track l) {
            <button
              type="button"
              class="on-dark"
              [attr.lang]="l"
              [attr.aria-pressed]="language.lang() === l"
              [attr.data-testid]="'lang-' + l"
              (click)="language.use(l)"
            >
              {{ names[l] }}
            </button>
          }
        </div>
      </div>
    </header>
    <main id="main" tabindex="-1"><router-outlet /></main>
  `,
  styleUrl: './app.css',
})
export class App {
  protected readonly language = inject(LanguageService);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  protected readonly owner = this.session.owner;
  protected readonly langs = LANGS;
  protected readonly names = LANG_NAMES;

  constructor() {
    let first = true;
    this.router.events
      .pipe(
        filter((e) => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        // The first screen is where the browser starts anyway; later ones take the focus to their heading.
        if (first) {
          first = false;
          return;
        }
        afterNextRender({ read: () => this.focusHeading() }, { injector: this.injector });
      });
  }

  protected focusMain(): void {
    if (!this.focusHeading()) document.getElementById('main')?.focus();
  }

  protected async logout(): Promise<void> {
    await this.session.logout();
    await this.router.navigate(['/login'], { queryParams: { loggedOut: 1 } });
  }

  private focusHeading(): boolean {
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return false;
    heading.setAttribute('tabindex', '-1');
    heading.focus();
    return true;
  }
}
