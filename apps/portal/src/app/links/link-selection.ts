import { computed, signal } from '@angular/core';

/**
 * The ticked checkboxes of a table of links (the manual's チェックボックス,
 * several at once). Only ids still in the table count: after a reload a
 * removed link is no longer selected.
 */
export class LinkSelection {
  private readonly ticked = signal<ReadonlySet<string>>(new Set());
  private readonly present = signal<readonly string[]>([]);

  /** The ticked ids that are in the table, in its order. */
  readonly ids = computed(() => this.present().filter((id) => this.ticked().has(id)));
  readonly allTicked = computed(() => this.present().length > 0 && this.ids().length === this.present().length);

  /** The ids the table shows now. */
  show(ids: readonly string[]): void {
    this.present.set(ids);
  }

  has(id: string): boolean {
    return this.ticked().has(id);
  }

  toggle(id: string, on: boolean): void {
    const next = new Set(this.ticked());
    if (on) next.add(id);
    else next.delete(id);
    this.ticked.set(next);
  }

  toggleAll(on: boolean): void {
    this.ticked.set(on ? new Set(this.present()) : new Set());
  }

  clear(): void {
    this.ticked.set(new Set());
  }
}
