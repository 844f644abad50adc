/**
 * Names that a careless tool would execute, split, mangle or refuse: the one list every
 * test suite (unit, integration, e2e) feeds through Poolwatch. All are legal libvirt volume
 * names. `victimPool` names another pool that must still be running afterwards.
 */
export function hostileVolumeNames(victimPool: string): string[] {
  return [
    `evil; pool-destroy ${victimPool}`,
    'sp ace.img',
    `quo'te".img`,
    '-dash.img',
    '--',
    'ünï.img',
    '日本語.img',
    '$(id).img',
    '$(touch pw-pwned).img',
    '`id`.img',
    'new\nline.img',
    'tab\there.img',
    'back\\slash.img',
    'lit\\x0aeral.img',
    '<b>&amp;.img',
    'bang!!.img',
  ];
}
