import type { Route } from '@angular/router';
import { AuditPage } from './audit/audit-page';
import { DashboardPage } from './dashboard/dashboard-page';
import { RelinkPage } from './links/relink-page';
import { LoginPage } from './login/login-page';
import { requireNoSession, requireSession } from './session/guards';
import { SettingsPage } from './settings/settings-page';
import { NotFoundPage } from './shell/not-found-page';
import { SmaregiPage } from './smaregi/smaregi-page';
import { StatusPage } from './status/status-page';
import { UbiregiPage } from './ubiregi/ubiregi-page';

/**
 * The portal's screens. Titles are text keys (see TranslatedTitles).
 * `/ubiregi` is also where Ubiregi's consent sends the owner back
 * (`?connected=1` or `?error=…`, from `GET /api/ubiregi/callback`).
 */
export const appRoutes: Route[] = [
  { path: 'login', component: LoginPage, title: 'title.login', canActivate: [requireNoSession] },
  { path: 'status', component: StatusPage, title: 'title.status' },
  {
    path: '',
    canActivateChild: [requireSession],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'settings' },
      { path: 'settings', component: SettingsPage, title: 'title.settings' },
      { path: 'ubiregi', component: UbiregiPage, title: 'title.ubiregi' },
      { path: 'smaregi', component: SmaregiPage, title: 'title.smaregi' },
      { path: 'links/:linkId/relink', component: RelinkPage, title: 'title.relink' },
      { path: 'dashboard', component: DashboardPage, title: 'title.dashboard' },
      { path: 'audit', component: AuditPage, title: 'title.audit' },
      { path: '**', component: NotFoundPage, title: 'title.notFound' },
    ],
  },
];
