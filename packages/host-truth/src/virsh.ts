/**
 * Ground truth straight from virsh on the local socket (same daemon as the one the BFF
 * reaches over ssh). Always argv arrays, never a shell: names in these tests are hostile on
 * purpose.
 */
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

/** Local socket, same daemon: set-up and ground truth. */
export const LOCAL_URI = 'qemu:///system';

/** virsh escapes what it cannot print; in the C locale it even mangles UTF-8. */
const VIRSH_ENV = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };

export async function virsh(...args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileP('virsh', ['-c', LOCAL_URI, ...args], {
      env: VIRSH_ENV,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`virsh ${JSON.stringify(args)} failed: ${e.stderr?.trim() || e.message}`);
  }
}

export async function tryVirsh(...args: string[]): Promise<string | null> {
  return virsh(...args).catch(() => null);
}

/** `virsh -q` run synchronously (set-up in beforeAll, checks in plain expects). */
export function virshSync(...args: string[]): string {
  return execFileSync('virsh', ['-q', '-c', LOCAL_URI, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'], // failures surface as the thrown error, not as noise
    env: VIRSH_ENV,
  });
}

/** vol-list escapes control characters as \xNN (field notes). */
const vollistEscape = (name: string) =>
  [...name]
    .map((c) =>
      c.charCodeAt(0) < 0x20 || c === '\x7f'
        ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
        : c,
    )
    .join('');

/** Does `virsh vol-list` of a dir pool (target `dir`) list this volume? Matched on the path column. */
export function volListedSync(pool: { name: string; dir: string }, name: string): boolean {
  const path = vollistEscape(join(pool.dir, name));
  return virshSync('vol-list', '--pool', pool.name)
    .split('\n')
    .some((line) => line.trimEnd().endsWith(` ${path}`));
}
/** "Key:   value" lines as printed by pool-info / vol-info. */
function infoFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z ]+):\s+(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) fields.set(m[1].trim(), m[2].trim());
  }
  return fields;
}

function bytesField(fields: Map<string, string>, key: string): number {
  const raw = fields.get(key);
  const m = raw === undefined ? null : /^(\d+)(?: bytes)?$/.exec(raw);
  if (!m?.[1]) throw new Error(`no byte count for ${key}: ${String(raw)}`);
  return Number(m[1]);
}

export interface PoolInfo {
  state: string;
  persistent: boolean;
  autostart: boolean;
  capacity: number;
  allocation: number;
  available: number;
}

export async function poolInfo(pool: string): Promise<PoolInfo> {
  const f = infoFields(await virsh('pool-info', '--bytes', '--pool', pool));
  return {
    state: f.get('State') ?? '',
    persistent: f.get('Persistent') === 'yes',
    autostart: f.get('Autostart') === 'yes',
    capacity: bytesField(f, 'Capacity'),
    allocation: bytesField(f, 'Allocation'),
    available: bytesField(f, 'Available'),
  };
}

export async function volInfo(pool: string, vol: string) {
  const f = infoFields(await virsh('vol-info', '--bytes', '--pool', pool, '--vol', vol));
  return {
    type: f.get('Type') ?? '',
    capacity: bytesField(f, 'Capacity'),
    allocation: bytesField(f, 'Allocation'),
  };
}

/** Pool names; pool-list --name prints one per line, padded with spaces to a common width. */
export async function poolNames(all = true): Promise<string[]> {
  const out = await virsh('pool-list', ...(all ? ['--all'] : []), '--name');
  return out
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

/**
 * virsh's table encoding: "\" and unprintable bytes become \xNN. Decode bytewise so
 * multi-byte escapes (e.g. \xc3\xbc) come back as UTF-8.
 */
export function decodeVirshEscapes(s: string): string {
  const bytes: number[] = [];
  const src = Buffer.from(s, 'utf8');
  for (let i = 0; i < src.length; i++) {
    const hex = src.subarray(i + 2, i + 4).toString('latin1');
    if (src[i] === 0x5c && src[i + 1] === 0x78 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      bytes.push(src[i]!);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Volume names of a dir pool from `vol-list`, decoded. Column widths there follow display
 * width (CJK counts double), so rather than cutting at the header's "Path" column, take the
 * name from the path column, which for a dir pool is "<target>/<name>" and ends the line.
 */
export async function volNames(pool: string): Promise<string[]> {
  const target = /<target>\s*<path>([^<]*)<\/path>/.exec(
    await virsh('pool-dumpxml', '--pool', pool),
  )?.[1];
  if (!target) throw new Error(`pool ${pool} has no target path`);
  const prefix = `${xmlUnescape(target)}/`;
  const lines = (await virsh('vol-list', '--pool', pool)).split('\n');
  if (!/^\s*Name\s+Path\s*$/.test(lines[0] ?? ''))
    throw new Error(`unexpected vol-list header: ${lines[0]}`);
  return lines
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const at = line.lastIndexOf(prefix);
      const escaped = at < 0 ? '' : line.slice(at + prefix.length);
      if (!escaped || !line.startsWith(` ${escaped}`))
        throw new Error(`cannot read vol-list line: ${line}`);
      return decodeVirshEscapes(escaped);
    });
}

export const xmlUnescape = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, ent: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[ent]) return named[ent];
    return String.fromCodePoint(
      ent[1] === 'x' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10),
    );
  });

const tag = (xml: string, name: string) => {
  const m = new RegExp(`<${name}(?: [^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1] === undefined ? null : xmlUnescape(m[1]);
};
const attr = (xml: string, element: string, name: string) => {
  const m = new RegExp(`<${element}\\b[^>]*\\b${name}=(['"])(.*?)\\1`).exec(xml);
  return m?.[2] === undefined ? null : xmlUnescape(m[2]);
};

/** The fields of the shared Volume type, read from libvirt's own XML. */
export interface VolumeTruth {
  name: string;
  key: string;
  path: string;
  type: string;
  format: string | null;
  capacity: number;
  allocation: number;
  backingStore: string | null;
  xml: string;
}

export function parseVolXml(xml: string): VolumeTruth {
  const target = /<target>[\s\S]*?<\/target>/.exec(xml)?.[0] ?? '';
  const backing = /<backingStore>[\s\S]*?<\/backingStore>/.exec(xml)?.[0] ?? '';
  const need = (v: string | null, what: string) => {
    if (v === null) throw new Error(`volume XML lacks ${what}:\n${xml}`);
    return v;
  };
  return {
    name: need(tag(xml, 'name'), 'name'),
    key: need(tag(xml, 'key'), 'key'),
    path: need(tag(target, 'path'), 'target/path'),
    type: need(attr(xml, 'volume', 'type'), 'volume/@type'),
    format: attr(target, 'format', 'type'),
    capacity: Number(need(tag(xml, 'capacity'), 'capacity')),
    allocation: Number(need(tag(xml, 'allocation'), 'allocation')),
    backingStore: backing ? tag(backing, 'path') : null,
    xml,
  };
}

export async function volTruth(pool: string, vol: string): Promise<VolumeTruth> {
  return parseVolXml(await virsh('vol-dumpxml', '--pool', pool, '--vol', vol));
}

/** Drops what changes between two reads of the same volume (atime etc.) and outer blanks. */
export const stableXml = (xml: string) =>
  xml
    .replace(/\s*<timestamps>[\s\S]*?<\/timestamps>/g, '')
    .replace(/\r\n/g, '\n')
    .trim();
