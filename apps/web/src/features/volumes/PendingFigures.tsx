import type { Volume } from '@poolwatch/shared';
import { Bytes } from '../../components/Bytes';
import { sizesProgressLabel } from './sizesProgress';

/** A figure of a big pool's volume not read yet (the list shows before its sizes). */
export function Reading({ testId }: { testId?: string }) {
  return (
    <span className="muted" data-testid={testId} data-pending="true" title="being read">
      …
    </span>
  );
}

/** "reading sizes 4,000 / 10,000" while a big pool's sizes fill in; nothing after. */
export function SizesProgress({ volumes }: { volumes: readonly Volume[] }) {
  const label = sizesProgressLabel(volumes);
  if (label === null) return null;
  return (
    <span className="toolbar__count muted" data-testid="volume-sizes-progress" role="status">
      {label}
    </span>
  );
}

/** A volume's size, or "…" while a big pool's sizes are still being read. */
export function VolumeSize({
  volume,
  figure,
  testId,
}: {
  volume: Volume;
  figure: 'capacity' | 'allocation';
  testId: string;
}) {
  if (volume.pending) return <Reading testId={testId} />;
  return <Bytes value={volume[figure]} error={volume.error} testId={testId} />;
}
