/** One or two lines saying where the figures were measured. */
import os from 'node:os';
import { tryRun } from './proc.js';

export async function describeMachine(bffLibvirtVersion: string | null): Promise<string[]> {
  const cpus = os.cpus();
  const nproc = (await tryRun('nproc', []))?.trim() ?? String(os.availableParallelism());
  const virshVersion = (await tryRun('virsh', ['--version']))?.trim() ?? '?';
  const daemon =
    (await tryRun('libvirtd', ['--version']))?.trim().replace(/^libvirtd \(libvirt\) /, '') ?? '?';
  return [
    `machine   ${nproc} CPUs (nproc), ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, node ${process.version}`,
    `libvirt   virsh ${virshVersion}, libvirtd ${daemon}, BFF reports ${bffLibvirtVersion ?? 'null (daemon version unknown)'}`,
  ];
}
