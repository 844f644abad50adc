import { bytes, parseXml } from './xml.js';

export interface PoolXmlFacts {
  name: string;
  uuid: string;
  type: string;
  capacity: number;
  allocation: number;
  available: number;
  targetPath: string | null;
}

/** Parses `virsh pool-dumpxml`: the exact name, type, byte sizes and target path. */
export function parsePoolXml(xml: string): PoolXmlFacts {
  const doc = parseXml(xml);
  const name = doc.text('pool/name');
  const uuid = doc.text('pool/uuid')?.trim();
  if (name === undefined || uuid === undefined) throw new Error('pool XML lacks name or uuid');
  return {
    name,
    uuid,
    type: doc.attr('pool', 'type') ?? 'unknown',
    capacity: bytes(doc, 'pool/capacity'),
    allocation: bytes(doc, 'pool/allocation'),
    available: bytes(doc, 'pool/available'),
    targetPath: doc.text('pool/target/path') ?? null,
  };
}
