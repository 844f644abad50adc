import { describe, expect, test } from 'vitest';
import { uploadDefaults, uploadNameError } from './uploadDefaults';

describe('upload dialog defaults from the file name', () => {
  test.each([
    ['debian-12.qcow2', 'debian-12.qcow2', 'qcow2'],
    ['WINDOWS.QCOW2', 'WINDOWS.QCOW2', 'qcow2'],
    ['disk.img', 'disk.img', 'raw'],
    ['installer.iso', 'installer.iso', 'raw'],
    ['plain', 'plain', 'raw'],
    ['backup.qcow2.raw', 'backup.qcow2.raw', 'raw'],
    ['not-qcow2', 'not-qcow2', 'raw'],
    ['my disk; $(x).qcow2', 'my disk; $(x).qcow2', 'qcow2'],
  ])('%s → name %s, format %s', (file, name, format) => {
    expect(uploadDefaults(file)).toEqual({ name, format });
  });
});

describe('the volume name the dialog accepts', () => {
  test.each([
    ['disk.img', undefined],
    ['a name with spaces', undefined],
    ['', 'Give the new volume a name.'],
    ['a/b', expect.stringContaining('must not contain "/"')],
    ['..', expect.stringContaining('must not be')],
  ])('%j → %s', (name, error) => {
    expect(uploadNameError(name)).toEqual(error);
  });
});
