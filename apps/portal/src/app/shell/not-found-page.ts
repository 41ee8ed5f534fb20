import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '@ngx-translate/core';

/** A path the portal does not have: said so, with the way back. */
@Component({
  selector: 'rc-not-found-page',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'title.notFound' | translate }}</h1>
    <p>{{ 'common.notFound' | translate }}</p>
    <p>
      <a routerLink="/settings">{{ 'common.home' | translate }}</a>
    </p>
  `,
})
export class NotFoundPage {}
