import { escapeUTF8 } from 'entities';
import { BadRequestError } from '../../errors.js';

/**
 * Text for libvirt XML. XML 1.0 cannot carry C0 control characters other than tab,
 * newline and carriage return at all (not even escaped), and its parser turns a carriage
 * return into a newline (libvirt would name another file than asked), so text holding one
 * gets a clear 400 instead of a libvirt parse error or a different name.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b-\u001f\ufffe\uffff]/;

export function xmlText(value: string, what: string): string {
  if (NOT_XML.test(value)) {
    throw new BadRequestError(`${what} holds a control character that libvirt XML cannot carry`);
  }
  return escapeUTF8(value); // & < > " ' only: unicode stays as is
}
