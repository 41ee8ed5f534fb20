import { PassThrough } from 'node:stream';
import { readPassword } from './password';

describe('readPassword', () => {
  it('takes the first line of standard input when it is not a terminal', async () => {
    const input = new PassThrough();
    input.end('piped password 123\nignored\n');
    expect(await readPassword(input, new PassThrough())).toBe('piped password 123');
  });

  it('says what to do when nothing is piped in', async () => {
    const input = new PassThrough();
    input.end('');
    await expect(readPassword(input, new PassThrough())).rejects.toThrow(/no password on standard input/);
  });

  it('asks twice on a terminal, without echo, and refuses two different answers', async () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true, setRawMode: jest.fn() });
    const shown = new PassThrough();
    let prompts = '';
    shown.on('data', (c: Buffer) => (prompts += c.toString()));
    const reading = readPassword(terminal, shown);
    terminal.write('secret one 1\r');
    await new Promise((r) => setTimeout(r, 10));
    terminal.write('secret one 2\r');
    await expect(reading).rejects.toThrow('the two passwords differ; nothing was created');
    expect(prompts).toContain('Password (10 or more characters): ');
    expect(prompts).not.toContain('secret');
    expect(terminal.setRawMode).toHaveBeenCalledWith(true);
  });
});
