import type { VolumeFormat } from '@poolwatch/shared';
import { xmlText } from './xml-text.js';

/** A `<volume>` definition for vol-create / vol-create-from. Sizes are exact bytes. */
export interface VolumeDefinition {
  name: string;
  capacity: number;
  allocation?: number;
  format?: VolumeFormat;
  backingStore?: { path: string; format: VolumeFormat };
}

export function buildVolumeXml(volume: VolumeDefinition): string {
  const lines = [
    '<volume>',
    `  <name>${xmlText(volume.name, 'volume name')}</name>`,
    `  <capacity unit='bytes'>${volume.capacity}</capacity>`,
  ];
  if (volume.allocation !== undefined)
    lines.push(`  <allocation unit='bytes'>${volume.allocation}</allocation>`);
  if (volume.format !== undefined)
    lines.push(`  <target><format type='${volume.format}'/></target>`);
  if (volume.backingStore !== undefined) {
    const { path, format } = volume.backingStore;
    lines.push(
      '  <backingStore>',
      `    <path>${xmlText(path, 'backing store path')}</path>`,
      `    <format type='${format}'/>`,
      '  </backingStore>',
    );
  }
  lines.push('</volume>', '');
  return lines.join('\n');
}
