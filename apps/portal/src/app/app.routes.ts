import { Route } from '@angular/router';
import { StatusPage } from './status/status-page';

export const appRoutes: Route[] = [
  { path: '', component: StatusPage, title: 'RegiCam' },
  { path: '**', redirectTo: '' },
];
