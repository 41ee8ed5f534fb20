import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { percent } from '@regicam/portal/i18n';
import { afterKey, isRegion, normalised, pointIn, spanned, type Point, type Region } from './region-geometry';

let nextId = 0;

/**
 * Picks the part of a camera picture that shows a register: drag a
 * rectangle over the picture with a mouse, pen or finger, or use the
 * keyboard (arrows move, Shift+arrows resize, Delete removes). Shows the
 * picture at `imageUrl`, or a neutral 16:9 frame when there is none or it
 * does not load. The region it emits is normalised (0..1 of the picture);
 * null is the whole picture. The parent owns the region: it passes back
 * what it keeps.
 */
@Component({
  selector: 'rc-region-picker',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div
      #frame
      class="frame"
      role="group"
      tabindex="0"
      data-testid="region-frame"
      [attr.aria-label]="label() || ('region.label' | translate)"
      [attr.aria-describedby]="ids.help + ' ' + ids.value"
      (pointerdown)="start($event)"
      (pointermove)="drag($event)"
      (pointerup)="end($event)"
      (pointercancel)="cancel()"
      (keydown)="key($event)"
    >
      @if (showsImage()) {
        <img [src]="imageUrl()" alt="" draggable="false" (error)="failedUrl.set(imageUrl())" />
      } @else {
        <p class="placeholder" data-testid="region-placeholder">{{ 'region.placeholder' | translate }}</p>
      }
      @if (shown(); as r) {
        <div
          class="rect"
          data-testid="region-rect"
          [style.left.%]="r.x * 100"
          [style.top.%]="r.y * 100"
          [style.width.%]="r.width * 100"
          [style.height.%]="r.height * 100"
        ></div>
      }
    </div>
    <p class="help" [id]="ids.help">{{ 'region.help' | translate }}</p>
    <div class="row">
      <p [id]="ids.value" aria-live="polite" data-testid="region-value">
        @if (region(); as r) {
          {{ 'region.value' | translate: { x: pct(r.x), y: pct(r.y), w: pct(r.width), h: pct(r.height) } }}
        } @else {
          {{ 'region.whole' | translate }}
        }
      </p>
      <button type="button" class="secondary" [disabled]="!region()" (click)="regionChange.emit(null)">
        {{ 'region.clear' | translate }}
      </button>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .frame {
      position: relative;
      aspect-ratio: 16 / 9;
      width: 100%;
      background: linear-gradient(135deg, #3b4252, #4c566a);
      border-radius: 4px;
      overflow: hidden;
      touch-action: none;
      user-select: none;
      cursor: crosshair;
    }
    .frame:focus-visible {
      outline: 3px solid #1a5fb4;
      outline-offset: 3px;
    }
    img {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: contain;
      pointer-events: none;
    }
    .placeholder {
      position: absolute;
      inset: 0;
      margin: 0;
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 1rem;
      text-align: center;
      color: #fff;
    }
    .rect {
      position: absolute;
      box-sizing: border-box;
      border: 3px solid #ffd60a;
      box-shadow:
        0 0 0 1px #000,
        inset 0 0 0 1px #000;
      background: rgb(255 214 10 / 15%);
      pointer-events: none;
    }
    .help {
      font-size: 0.875rem;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      justify-content: space-between;
    }
    .row p {
      margin: 0;
    }
  `,
})
export class RegionPicker {
  /** The camera's picture; null: none yet (the neutral frame). */
  readonly imageUrl = input.required<string | null>();
  /** The region now; null: the whole picture. */
  readonly region = input<Region | null>(null);
  /** The accessible name of the picture frame (default: レジの映る範囲). */
  readonly label = input<string>('');
  /** A new region, normalised 0..1 (null: the whole picture). */
  readonly regionChange = output<Region | null>();

  protected readonly ids = { help: `rc-region-help-${++nextId}`, value: `rc-region-value-${nextId}` };
  protected readonly failedUrl = signal<string | null>(null);
  protected readonly showsImage = computed(() => {
    const url = this.imageUrl();
    return !!url && this.failedUrl() !== url;
  });
  private readonly draft = signal<Region | null>(null);
  protected readonly shown = computed(() => this.draft() ?? this.region());
  private readonly frame = viewChild.required<ElementRef<HTMLElement>>('frame');
  private anchor: Point | null = null;

  protected pct = percent;

  protected start(event: PointerEvent): void {
    if (event.button !== 0) return;
    const frame = this.frame().nativeElement;
    frame.focus();
    frame.setPointerCapture?.(event.pointerId);
    this.anchor = this.point(event);
    this.draft.set(spanned(this.anchor, this.anchor));
    event.preventDefault();
  }

  protected drag(event: PointerEvent): void {
    if (this.anchor) this.draft.set(spanned(this.anchor, this.point(event)));
  }

  protected end(event: PointerEvent): void {
    if (!this.anchor) return;
    const dragged = spanned(this.anchor, this.point(event));
    this.cancel();
    if (isRegion(dragged)) this.regionChange.emit(normalised(dragged));
  }

  protected cancel(): void {
    this.anchor = null;
    this.draft.set(null);
  }

  protected key(event: KeyboardEvent): void {
    const next = afterKey(this.region(), event.key, event.shiftKey);
    if (next === undefined) return;
    event.preventDefault();
    this.regionChange.emit(next);
  }

  private point(event: PointerEvent): Point {
    return pointIn(this.frame().nativeElement.getBoundingClientRect(), event.clientX, event.clientY);
  }
}
