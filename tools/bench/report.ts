import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';

const FILE = join(__dirname, '..', '..', 'docs', 'benchmarks.md');

const HEADER = `# Benchmarks

Measured with \`npm run bench\` (or one section's own command, named in it).
Each section is rewritten by its benchmark and says on which machine, with
which command and when it ran. Every figure is compared with a baseline
measured in the same run on the same machine (the raw library, or the
server's own tool), and the ratio is ours divided by the baseline's: above 1
we are faster, below 1 slower.
`;

/** One line naming the machine, for the record of a run. */
export function machine(): string {
  const cpu = cpus();
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${gib} GiB, ${osType()} ${release()}, Node.js ${process.version}`;
}

export type Row = string[];

export function table(head: string[], rows: Row[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Replaces the section `name` of docs/benchmarks.md (between its markers)
 * with the body, leaving the other sections as they are.
 */
export function writeSection(name: string, title: string, command: string, body: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = [
    start,
    `## ${title}`,
    '',
    `Command: \`${command}\` · run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `Machine: ${machine()}`,
    '',
    body.trim(),
    end,
  ].join('\n');
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(FILE, next);
}

/** Prints a progress line for a person watching a long run. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export const rate = (count: number, ms: number) => Math.round((count * 1000) / ms);
export const fmt = (n: number) => n.toLocaleString('en-US');
export const ratio = (ours: number, base: number) => (ours / base).toFixed(2);
