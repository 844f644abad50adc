import { describe, expect, test } from 'vitest';
import { normaliseUuid, parsePoolDefineXml } from './pool-define-xml.parser.js';

/** The name libvirt will define, however the XML spells it; or a refusal. */
describe('parsePoolDefineXml', () => {
  const pool = (inner: string) =>
    `<pool type='dir'>${inner}<target><path>/srv/p</path></target></pool>`;

  test.each([
    ['<name>victim</name>', 'victim'],
    ['<name>&#118;ictim</name>', 'victim'],
    ['<name>&#x76;ic&amp;tim</name>', 'vic&tim'],
    ['<name>vic<![CDATA[tim]]></name>', 'victim'],
    ['<name>vic<!-- x -->tim</name>', 'victim'],
    ['<name> sp ace </name>', ' sp ace '],
  ])('%s is named %j', (inner, name) => {
    const result = parsePoolDefineXml(pool(inner));
    expect(result.ok && result.facts).toMatchObject({ name, type: 'dir', targetPath: '/srv/p' });
  });

  test.each([
    [`<!DOCTYPE pool [<!ENTITY n "victim">]>${pool('<name>&n;</name>')}`, /DOCTYPE/],
    [pool('<name>&n;</name>'), /entity/],
    [pool('<name>a</name><name>b</name>'), /more than one <name>/],
    [pool('<name>a</name><uuid>1</uuid>'), /not a UUID/],
    [`${pool('<name>a</name>')}<pool/>`, /exactly one <pool>/],
    ['<volume><name>a</name></volume>', /exactly one <pool>/],
    [pool(''), /no <name>/],
  ])('refuses %s', (xml, why) => {
    const result = parsePoolDefineXml(xml);
    expect(result.ok ? null : result.why).toMatch(why);
  });

  test('UUIDs as libvirt reads them', () => {
    const canonical = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
    expect(normaliseUuid(' 1B4E28BA2FA111D2883F0016D3CCA427\n')).toBe(canonical);
    expect(normaliseUuid('1b4e-28ba-2fa1-11d2-883f-0016-d3cc-a427')).toBe(canonical);
    expect(normaliseUuid('1b4e28ba-2fa1-11d2-883f-0016d3cca42')).toBeNull();
  });
});
