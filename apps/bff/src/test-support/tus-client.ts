import { request } from 'node:http';
import type { Client } from './auth-harness.js';

/**
 * A tus 1.0.0 client by hand (raw HTTP, per https://tus.io/protocols/resumable-upload), so
 * tests control exactly which bytes go out and when the connection drops.
 */
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export interface TusReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  base: string,
  client: Client,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<TusReply> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(base + path), {
      method,
      headers: {
        cookie: client.cookie,
        'x-csrf-token': client.csrf,
        'tus-resumable': '1.0.0',
        ...(body ? { 'content-length': String(body.length) } : {}),
        ...headers,
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function tusCreate(
  base: string,
  client: Client,
  length: number,
  meta: Record<string, string>,
): Promise<TusReply> {
  const metadata = Object.entries(meta)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');
  return send(base, client, 'POST', '/api/uploads', {
    'upload-length': String(length),
    'upload-metadata': metadata,
  });
}

export const tusHead = (base: string, client: Client, location: string) =>
  send(base, client, 'HEAD', location, {});

export const tusPatch = (
  base: string,
  client: Client,
  location: string,
  offset: number,
  data: Buffer,
) =>
  send(
    base,
    client,
    'PATCH',
    location,
    { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
    data,
  );

export const tusDelete = (base: string, client: Client, location: string) =>
  send(base, client, 'DELETE', location, {});

/**
 * A PATCH announcing all of `data` that sends only `data[0, sendBytes)` and then drops the
 * connection once `received()` says the server has them (a network drop mid-chunk).
 */
export async function tusPatchThenDrop(
  base: string,
  client: Client,
  location: string,
  offset: number,
  data: Buffer,
  sendBytes: number,
  received: () => Promise<boolean>,
): Promise<void> {
  const req = request(new URL(base + location), {
    method: 'PATCH',
    headers: {
      cookie: client.cookie,
      'x-csrf-token': client.csrf,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
      'content-length': String(data.length),
    },
  });
  req.on('error', () => {}); // the drop is ours
  req.write(data.subarray(0, sendBytes));
  const deadline = Date.now() + 60_000;
  while (!(await received())) {
    if (Date.now() > deadline) throw new Error('the server never received the first bytes');
    await new Promise((r) => setTimeout(r, 50));
  }
  req.destroy();
}
