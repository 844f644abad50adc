import { Parser } from 'htmlparser2';

/**
 * Where a domain disk's bytes live, as its XML names them. `type='file'` disks name a path
 * (`source/@file`), `type='block'` a device (`source/@dev`), `type='dir'` a directory;
 * `type='volume'` disks name a pool and a volume (by name: an inactive domain's XML has no
 * path for them). Network disks and empty cdroms have no local source and are left out.
 */
export type DiskSource =
  { kind: 'path'; path: string } | { kind: 'volume'; pool: string; volume: string };

export interface DomainDisks {
  name: string;
  uuid: string;
  sources: DiskSource[];
}

/**
 * Parses `virsh dumpxml` into the domain's name, uuid and every local disk source,
 * including those of `<backingStore>` chains (a running domain's live XML lists the chain:
 * the base of a running overlay is in use too). The flat parser of xml.ts keeps only the
 * first occurrence of a path, and a domain has many disks, so this walks the elements.
 */
export function parseDomainDisks(xml: string): DomainDisks {
  const texts = { name: '', uuid: '' };
  const sources: DiskSource[] = [];
  const stack: string[] = [];
  // The type of the innermost <disk> or <backingStore> the walk is in (its <source> is read
  // by that type).
  const owners: (string | null)[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const parent = stack.at(-1);
        stack.push(name);
        if (name === 'disk' && parent === 'devices') owners.push(attributes.type ?? 'file');
        else if (name === 'backingStore' && owners.length > 0) owners.push(attributes.type ?? null);
        else if (name === 'source' && (parent === 'disk' || parent === 'backingStore')) {
          const source = sourceOf(owners.at(-1) ?? null, attributes);
          if (source) sources.push(source);
        }
      },
      ontext(data) {
        const path = stack.join('/');
        if (path === 'domain/name') texts.name += data;
        else if (path === 'domain/uuid') texts.uuid += data;
      },
      onclosetag(name) {
        stack.pop();
        if ((name === 'disk' || name === 'backingStore') && owners.length > 0) owners.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  if (texts.name === '') throw new Error('domain XML has no <name>');
  return { name: texts.name, uuid: texts.uuid.trim(), sources };
}

function sourceOf(type: string | null, attributes: Record<string, string>): DiskSource | null {
  switch (type) {
    case 'file':
      return attributes.file ? { kind: 'path', path: attributes.file } : null;
    case 'block':
      return attributes.dev ? { kind: 'path', path: attributes.dev } : null;
    case 'dir':
      return attributes.dir ? { kind: 'path', path: attributes.dir } : null;
    case 'volume':
      return attributes.pool && attributes.volume
        ? { kind: 'volume', pool: attributes.pool, volume: attributes.volume }
        : null;
    default:
      return null; // network, nvme, vhostuser...: nothing in a local pool
  }
}

/** `virsh domstate` prints one line ("running", "shut off", "paused", ...). */
export function parseDomState(output: string): string {
  return output.trim();
}
