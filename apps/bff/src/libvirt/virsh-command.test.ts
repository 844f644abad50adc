import { describe, expect, test } from 'vitest';
import { fitsInteractiveShell, quoteForVirshShell, toVirshShellLine } from './virsh-command.js';

describe('quoting for the interactive virsh shell', () => {
  test.each([
    ['evil; pool-destroy x', `'evil; pool-destroy x'`],
    [`quo'te".img`, `'quo'\\''te".img'`],
    ['$(id).img', `'$(id).img'`],
    ['back\\slash', `'back\\slash'`],
    ['-dash.img', `'-dash.img'`],
    ['ünï', `'ünï'`],
  ])('%j', (token, quoted) => {
    expect(quoteForVirshShell(token)).toBe(quoted);
  });

  test('a line keeps every token separate', () => {
    expect(toVirshShellLine(['vol-dumpxml', '--pool', 'p', '--', 'a b'])).toBe(
      `'vol-dumpxml' '--pool' 'p' '--' 'a b'`,
    );
  });

  test('control characters do not fit the interactive shell', () => {
    expect(fitsInteractiveShell(['vol-dumpxml', '--', 'new\nline'])).toBe(false);
    expect(fitsInteractiveShell(['vol-dumpxml', '--', 'tab\tx'])).toBe(false);
    expect(fitsInteractiveShell(['vol-dumpxml', '--', 'fine; $(x)'])).toBe(true);
    expect(() => quoteForVirshShell('a\nb')).toThrow();
  });
});
