import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

@Component({
  selector: 'rc-root',
  imports: [RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="bar">
      <span class="brand">RegiCam</span>
      <span class="subtitle">カメラ - POS 認証連携ポータル</span>
    </header>
    <main><router-outlet /></main>
  `,
  styleUrl: './app.css',
})
export class App {}
