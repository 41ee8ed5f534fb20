import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';

/** 連携設定: the two POS services, as the manual shows them, each with its description. */
@Component({
  selector: 'rc-settings-page',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'title.settings' | translate }}</h1>
    <p class="lead">{{ 'settings.lead' | translate }}</p>
    <ul class="services">
      @for (s of services; track s.path) {
        <li class="card">
          <h2>
            <a [routerLink]="s.path" [attr.data-testid]="'settings-' + s.path">{{ s.title | translate }}</a>
          </h2>
          <p>{{ 'settings.description' | translate }}</p>
        </li>
      }
    </ul>
    <p>
      <a routerLink="/audit">{{ 'settings.auditLink' | translate }}</a>
    </p>
  `,
  styles: `
    .services {
      list-style: none;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
      gap: 1rem;
    }
    .services h2 {
      margin-top: 0;
    }
    .services p {
      margin-bottom: 0;
    }
  `,
})
export class SettingsPage {
  protected readonly services = [
    { path: 'ubiregi', title: 'settings.ubiregi' },
    { path: 'smaregi', title: 'settings.smaregi' },
  ];
}
