import { bytes, figureErrors, parseXml } from './xml.js';

export interface PoolXmlFacts {
  name: string;
  uuid: string;
  type: string;
  capacity: number | null;
  allocation: number | null;
  available: number | null;
  targetPath: string | null;
  /** Why a figure is null (see xml.ts `bytes`). */
  error: string | null;
}

/** Parses `virsh pool-dumpxml`: the exact name, type, byte sizes and target path. */
export function parsePoolXml(xml: string): PoolXmlFacts {
  const doc = parseXml(xml);
  const name = doc.text('pool/name');
  const uuid = doc.text('pool/uuid')?.trim();
  if (name === undefined || uuid === undefined) throw new Error('pool XML lacks name or uuid');
  const errors: string[] = [];
  return {
    name,
    uuid,
    type: doc.attr('pool', 'type') ?? 'unknown',
    capacity: bytes(doc, 'pool/capacity', errors),
    allocation: bytes(doc, 'pool/allocation', errors),
    available: bytes(doc, 'pool/available', errors),
    targetPath: doc.text('pool/target/path') ?? null,
    error: figureErrors(errors),
  };
}
