import { parseXml } from './xml.js';

/**
 * A pool XML that a user hands to `pool-define`, read the way libvirt will read it, so
 * that what Poolwatch checks (name, UUID, target) is what libvirt defines. libvirt parses
 * with XML_PARSE_NOENT: a DOCTYPE's entities are expanded, so `<name>&n;</name>` could be
 * another pool's name that no text check sees (it once overwrote that pool's definition).
 * libvirt also takes the first `<name>` and `<uuid>` only. So anything with a DOCTYPE, an
 * entity other than XML's five and character references, more than one root, or more
 * than one `<name>`/`<uuid>` is refused: the result is either exact or an error.
 */
export interface PoolDefineFacts {
  name: string;
  /** Lower-case, dashed (libvirt accepts upper case, no dashes, surrounding spaces). */
  uuid: string | null;
  type: string | null;
  targetPath: string | null;
}

const PREDEFINED = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

export type PoolDefineXmlResult = { ok: true; facts: PoolDefineFacts } | { ok: false; why: string };

export function parsePoolDefineXml(xml: string): PoolDefineXmlResult {
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, why: 'the pool XML has a DOCTYPE' };
  if (/<!ENTITY/i.test(xml)) return { ok: false, why: 'the pool XML declares entities' };
  if (PREDEFINED.test(xml)) {
    return {
      ok: false,
      why: 'the pool XML uses an entity other than &amp; &lt; &gt; &quot; &apos;',
    };
  }
  const doc = parseXml(xml);
  if (doc.roots !== 1 || doc.strayText || doc.count('pool') === 0) {
    return { ok: false, why: 'the pool XML must hold exactly one <pool> element' };
  }
  for (const field of ['name', 'uuid']) {
    if (doc.count(`pool/${field}`) > 1) {
      return { ok: false, why: `the pool XML has more than one <${field}>` };
    }
  }
  const name = doc.text('pool/name');
  if (name === undefined || name === '') return { ok: false, why: 'the pool XML has no <name>' };
  const uuidText = doc.text('pool/uuid');
  let uuid: string | null = null;
  if (uuidText !== undefined) {
    uuid = normaliseUuid(uuidText);
    if (uuid === null) return { ok: false, why: `the pool XML's <uuid> is not a UUID` };
  }
  return {
    ok: true,
    facts: {
      name,
      uuid,
      type: doc.attr('pool', 'type') ?? null,
      targetPath: doc.count('pool/target/path') > 0 ? (doc.text('pool/target/path') ?? '') : null,
    },
  };
}

/**
 * libvirt's virUUIDParse: surrounding whitespace, upper or lower case, a dash between any
 * two hex digits. Returns the canonical form, or null for anything else.
 */
export function normaliseUuid(text: string): string | null {
  const hex = text.trim().replaceAll('-', '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex) || /--|^-|-$/.test(text.trim())) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
