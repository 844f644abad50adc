import { visibleName } from '../lib/controlChars';

/** React 19 hoists <title> into <head>. Parts are joined most specific first. */
export function DocumentTitle({ parts }: { parts: string[] }) {
  const title = [...parts.map(visibleName), 'Poolwatch'].join(' · ');
  return <title>{title}</title>;
}
