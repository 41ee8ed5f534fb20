import { InvalidOwnerInput } from './errors';
import { checkDisplayName, checkEmail, checkPassword } from './owner-input';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof InvalidOwnerInput ? error.field : `not InvalidOwnerInput: ${String(error)}`;
  }
  return undefined;
}

describe('checkEmail', () => {
  it('trims and lower-cases', () => {
    expect(checkEmail('  Owner.Name+Shop@Example.CO.JP \n')).toBe('owner.name+shop@example.co.jp');
  });

  it.each([
    '',
    'owner',
    'owner@',
    '@example.com',
    'owner@example',
    'a b@example.com',
    'a@b@example.com',
    'a@example..com',
    `${'a'.repeat(250)}@example.com`,
    42,
  ])('refuses %j, naming the field email', (email) => {
    expect(fieldOf(() => checkEmail(email))).toBe('email');
  });
});

describe('checkPassword', () => {
  it('wants at least 10 characters, counted as characters', () => {
    expect(fieldOf(() => checkPassword('123456789'))).toBe('password');
    expect(() => checkPassword('123456789')).toThrow('password must have at least 10 characters');
    expect(checkPassword('1234567890')).toBe('1234567890');
    expect(fieldOf(() => checkPassword('🔑🔑🔑🔑🔑'))).toBe('password'); // 10 UTF-16 units, 5 characters
    expect(fieldOf(() => checkPassword('x'.repeat(1025)))).toBe('password');
    expect(fieldOf(() => checkPassword(undefined))).toBe('password');
  });

  it('normalises to NFKC, so full-width input matches its ASCII form', () => {
    expect(checkPassword('ｐａｓｓｗｏｒｄ１２３')).toBe('password123');
  });
});

describe('checkDisplayName', () => {
  it('trims, and refuses empty, overlong and control characters', () => {
    expect(checkDisplayName('  渋谷店 オーナー ')).toBe('渋谷店 オーナー');
    for (const bad of ['', '   ', 'x'.repeat(101), 'a\u0000b', null]) {
      expect(fieldOf(() => checkDisplayName(bad))).toBe('displayName');
    }
  });
});
