import type { DefinePoolRequest } from '@poolwatch/shared';
import { xmlText } from './xml-text.js';

type PoolForm = Exclude<DefinePoolRequest, { xml: string }>;

/**
 * A `<pool>` definition from the form's fields, the way virsh pool-define-as builds one:
 * dir has a target only; fs a source device; netfs a source host + dir; logical a volume
 * group name (and optional devices); disk a device; iscsi a host and a target IQN.
 */
export function buildPoolXml(form: PoolForm): string {
  const source = form.source ?? {};
  const parts: string[] = [];
  if (source.host !== undefined)
    parts.push(`    <host name='${xmlText(source.host, 'source host')}'/>`);
  if (source.device !== undefined)
    parts.push(`    <device path='${xmlText(source.device, 'source device')}'/>`);
  if (source.dir !== undefined) {
    const tag = form.type === 'iscsi' ? 'device' : 'dir';
    parts.push(`    <${tag} path='${xmlText(source.dir, 'source dir')}'/>`);
  }
  if (source.name !== undefined)
    parts.push(`    <name>${xmlText(source.name, 'source name')}</name>`);
  if (source.format !== undefined)
    parts.push(`    <format type='${xmlText(source.format, 'source format')}'/>`);
  const lines = [`<pool type='${form.type}'>`, `  <name>${xmlText(form.name, 'pool name')}</name>`];
  if (parts.length > 0) lines.push('  <source>', ...parts, '  </source>');
  if (form.target !== undefined)
    lines.push(
      '  <target>',
      `    <path>${xmlText(form.target, 'target path')}</path>`,
      '  </target>',
    );
  lines.push('</pool>', '');
  return lines.join('\n');
}
