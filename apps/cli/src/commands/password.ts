import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/**
 * The password for a new owner, never from the command line (where it
 * would land in the shell's history):
 * - on a terminal, asked twice without echo;
 * - otherwise the first line of standard input (`printf '%s\n' "$PW" | regicam owner create …`).
 */
export async function readPassword(
  input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void } = process.stdin,
  output: Writable = process.stderr,
): Promise<string> {
  if (!input.isTTY) {
    const line = await firstLine(input);
    if (!line) throw new Error('no password on standard input: pipe it in, or run the command on a terminal');
    return line;
  }
  const first = await askHidden('Password (10 or more characters): ', input, output);
  const again = await askHidden('The same password again: ', input, output);
  if (first !== again) throw new Error('the two passwords differ; nothing was created');
  return first;
}

function firstLine(input: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input, terminal: false });
    let done = false;
    rl.once('line', (line) => {
      done = true;
      rl.close();
      resolve(line.replace(/\r$/, ''));
    });
    rl.once('close', () => {
      if (!done) resolve('');
    });
    input.once('error', reject);
  });
}

function askHidden(
  prompt: string,
  input: Readable & { setRawMode?: (raw: boolean) => void },
  output: Writable,
): Promise<string> {
  return new Promise((resolve) => {
    output.write(prompt);
    input.setRawMode?.(true);
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          input.off('data', onData);
          input.setRawMode?.(false);
          input.pause();
          output.write('\n');
          return resolve(typed);
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
