/**
 * A virsh command is an argv array: command name first, then options and values as
 * separate tokens, and `--` before any positional that comes from data, so that a name
 * like `--pool.img` or `-dash.img` is never read as an option.
 *
 * The same array is either passed as argv to a one-shot `virsh` (no shell anywhere) or
 * written as one line to Poolwatch's long-lived interactive virsh, which has its own
 * quoting: inside single quotes everything is literal and a `'` is written `'\''`.
 */
export type VirshArgs = readonly [command: string, ...args: string[]];

/**
 * Characters the interactive shell cannot carry: a newline ends the line, and readline
 * interprets other control characters (TAB completes, ^A moves the cursor...). Commands
 * holding one take the one-shot argv path instead.
 */
// eslint-disable-next-line no-control-regex
const NOT_INTERACTIVE = /[\u0000-\u001f\u007f]/;

export function fitsInteractiveShell(args: VirshArgs): boolean {
  return args.every((token) => !NOT_INTERACTIVE.test(token));
}

export function quoteForVirshShell(token: string): string {
  if (NOT_INTERACTIVE.test(token))
    throw new Error('control characters cannot be quoted for the virsh shell');
  return `'${token.replaceAll("'", `'\\''`)}'`;
}

export function toVirshShellLine(args: VirshArgs): string {
  return args.map(quoteForVirshShell).join(' ');
}
