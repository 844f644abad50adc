import type { VolumeFacts } from '@poolwatch/shared';
import { bytes, parseXml } from './xml.js';

/**
 * Parses `virsh vol-dumpxml` output into the API's volume facts (exact bytes, raw name);
 * the inventory adds `usedBy` (inventory/used-by.ts).
 */
export function parseVolumeXml(xml: string): VolumeFacts {
  const doc = parseXml(xml);
  const required = (path: string) => {
    const value = doc.text(path);
    if (value === undefined) throw new Error(`volume XML has no <${path}>`);
    return value;
  };
  return {
    name: required('volume/name'),
    key: required('volume/key'),
    path: required('volume/target/path'),
    type: doc.attr('volume', 'type') ?? 'file',
    format: doc.attr('volume/target/format', 'type') ?? null,
    capacity: bytes(doc, 'volume/capacity'),
    allocation: bytes(doc, 'volume/allocation'),
    backingStore: doc.text('volume/backingStore/path') ?? null,
  };
}

/**
 * Splits the stdout of a batch of `vol-dumpxml` commands into the XML documents. Between
 * them stand virsh's echo lines ("virsh # 'vol-dumpxml' ..."), which never start with
 * `<volume`; inside a document a name's `<` is escaped, so only real tags start a line.
 */
export function splitVolumeXmlDocuments(output: string): string[] {
  return output.match(/^<volume[\s>][\s\S]*?^<\/volume>$/gm) ?? [];
}
