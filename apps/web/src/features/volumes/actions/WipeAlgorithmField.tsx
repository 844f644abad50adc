import type { WipeAlgorithm } from '@poolwatch/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { wipeAlgorithmsQuery } from '../../../api/jobs';
import { Field } from '../../../components/Dialog';
import { ErrorAlert, Loading } from '../../../components/QueryStates';

/** The host's wipe algorithms and the one chosen (the first supported until the user picks). */
export function useWipeAlgorithm(hostId: string, pool: string) {
  const algorithms = useQuery(wipeAlgorithmsQuery(hostId, pool));
  const [chosen, setChosen] = useState<WipeAlgorithm | ''>('');
  const list = algorithms.data?.algorithms ?? [];
  const firstSupported = list.find((a) => a.supported)?.algorithm ?? '';
  return { algorithms, list, algorithm: chosen || firstSupported, choose: setChosen };
}

/**
 * Algorithms the host cannot run (scrub missing, trim on a file) stay in the list, disabled,
 * with the reason. Shared by the one-volume and the bulk wipe dialogs.
 */
export function WipeAlgorithmField({
  state,
  error,
}: {
  state: ReturnType<typeof useWipeAlgorithm>;
  error?: string;
}) {
  const { algorithms, list, algorithm, choose } = state;
  const unsupported = list.filter((a) => !a.supported);
  return (
    <>
      {algorithms.isPending && <Loading label="Asking the host which algorithms it can run…" />}
      {algorithms.error && (
        <ErrorAlert error={algorithms.error} title="Could not load wipe algorithms" />
      )}
      {algorithms.data && (
        <Field label="Algorithm" error={error}>
          {(props) => (
            <select
              {...props}
              className="input"
              value={algorithm}
              onChange={(e) => choose(e.target.value as WipeAlgorithm)}
            >
              {list.map((a) => (
                <option key={a.algorithm} value={a.algorithm} disabled={!a.supported}>
                  {a.algorithm} ({a.passes} {a.passes === 1 ? 'pass' : 'passes'})
                  {a.supported ? '' : ` — unavailable: ${a.reason ?? 'not supported'}`}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {unsupported.length > 0 && (
        <ul className="dialog__notes muted small" data-testid="wipe-unsupported">
          {unsupported.map((a) => (
            <li key={a.algorithm}>
              {a.algorithm}: {a.reason ?? 'not supported on this host'}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
