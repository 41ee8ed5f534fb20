import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';

/**
 * The names of registers as their POS gave them when they were linked
 * (Smaregi's 端末名, Ubiregi's register names), by terminal key
 * (`pos_terminal_names`). A record of its own: no event carries a name, so
 * it cannot be rebuilt by replay; a name not known yet is shown as null.
 */
export type TerminalName = ReadDocument & { terminalKey: string; contractKey: string; name: string; updatedAt: string };

type TerminalRef = { provider: string; contractId: string; terminalId: string };

export const POS_TERMINAL_NAMES = 'pos_terminal_names';

export class TerminalNames {
  private constructor(private readonly names: Collection<TerminalName>) {}

  static async open(store: ReadStore): Promise<TerminalNames> {
    return new TerminalNames(
      await store.collection<TerminalName>(POS_TERMINAL_NAMES, { indexes: [{ fields: [['contractKey', 1]] }] }),
    );
  }

  /** Keeps the register's name; the same name again writes nothing. */
  async remember(ref: TerminalRef, name: string, now: Date): Promise<void> {
    const terminalKey = `${ref.provider}:${ref.contractId}:${ref.terminalId}`;
    const trimmed = name.trim();
    if (trimmed === '') return;
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.names.get(terminalKey);
      if (current?.name === trimmed) return;
      const next: TerminalName = {
        id: terminalKey,
        version: (current?.version ?? 0) + 1,
        terminalKey,
        contractKey: `${ref.provider}:${ref.contractId}`,
        name: trimmed,
        updatedAt: now.toISOString(),
      };
      if ((await this.names.upsert(next)) === 'applied') return;
    }
  }

  /** The names of these terminals that are known. */
  async namesOf(terminalKeys: readonly string[]): Promise<Map<string, string>> {
    const keys = [...new Set(terminalKeys)];
    if (keys.length === 0) return new Map();
    const page = await this.names.find({ id: { $in: keys } }, { limit: Math.min(1000, keys.length) });
    return new Map(page.items.map((n) => [n.terminalKey, n.name]));
  }

  /** The terminals of these contracts whose name contains the text (case folded). */
  async matching(contractKeys: readonly string[], text: string): Promise<string[]> {
    if (contractKeys.length === 0) return [];
    const page = await this.names.find(
      { contractKey: { $in: [...contractKeys] }, name: { $contains: text } },
      { limit: 1000 },
    );
    return page.items.map((n) => n.terminalKey);
  }
}
