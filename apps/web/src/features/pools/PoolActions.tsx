import { poolActionRoutes, routes, type Pool } from '@poolwatch/shared';
import { useState } from 'react';
import { useMatch, useNavigate } from 'react-router';
import { useJobMutation } from '../../api/jobMutations';
import { callApi, errorMessage } from '../../api/http';
import { useCan } from '../../auth/useSession';
import { Dialog } from '../../components/Dialog';
import { Name } from '../../components/Name';
import { TypeToConfirm } from '../../components/TypeToConfirm';
import { confirmsName } from '../../lib/confirmName';
import { routePatterns, routes as uiRoutes } from '../../lib/routes';

type SimpleAction = 'start' | 'stop' | 'build' | 'refresh';

/** What makes sense in each state: libvirt refuses the rest anyway, with worse words. */
function availableActions(pool: Pool): SimpleAction[] {
  if (pool.state === 'running' || pool.state === 'degraded') return ['stop', 'refresh'];
  if (pool.state === 'building') return [];
  return ['start', 'build'];
}

const LABELS: Record<SimpleAction, string> = {
  start: 'Start',
  stop: 'Stop',
  build: 'Build',
  refresh: 'Refresh',
};

/** The pool's action buttons, for roles that may act. */
export function PoolActions(props: { hostId: string; pool: Pool }) {
  return useCan('mutate') ? <PoolActionButtons {...props} /> : null;
}

/** Start/stop/build/refresh, autostart, undefine and delete for one pool. */
function PoolActionButtons({ hostId, pool }: { hostId: string; pool: Pool }) {
  const [confirm, setConfirm] = useState<'undefine' | 'delete' | 'stop' | null>(null);
  const action = useJobMutation((name: SimpleAction) =>
    callApi(poolActionRoutes[name], { params: { hostId, pool: pool.name } }),
  );
  const autostart = useJobMutation((value: boolean) =>
    callApi(routes.poolAutostart, {
      params: { hostId, pool: pool.name },
      body: { autostart: value },
    }),
  );
  const error = action.error ?? autostart.error;
  const inactive = pool.state !== 'running' && pool.state !== 'degraded';

  return (
    <div className="pool-actions" data-testid="pool-actions">
      {availableActions(pool).map((name) => (
        <button
          key={name}
          type="button"
          className="button button--secondary button--small"
          data-testid={`pool-action-${name}`}
          disabled={action.isPending}
          // Stopping takes the pool's volumes away from everyone: confirm it first.
          onClick={() => (name === 'stop' ? setConfirm('stop') : action.mutate(name))}
        >
          {name === 'stop' ? 'Stop…' : LABELS[name]}
        </button>
      ))}
      {pool.persistent && (
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="pool-action-autostart"
          aria-pressed={pool.autostart}
          title={
            pool.autostart
              ? 'Starts with the host: click to turn off'
              : 'Click to start with the host'
          }
          disabled={autostart.isPending}
          onClick={() => autostart.mutate(!pool.autostart)}
        >
          Autostart: {pool.autostart ? 'on' : 'off'}
        </button>
      )}
      {inactive && pool.persistent && (
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="pool-action-undefine"
          onClick={() => setConfirm('undefine')}
        >
          Undefine…
        </button>
      )}
      {inactive && (
        <button
          type="button"
          className="button button--danger-outline button--small"
          data-testid="pool-action-delete"
          onClick={() => setConfirm('delete')}
        >
          Delete…
        </button>
      )}
      {error && (
        <span className="text-danger small" role="alert" data-testid="pool-action-error">
          <Name value={errorMessage(error)} />
        </span>
      )}
      {confirm === 'stop' && (
        <Dialog
          title={
            <>
              Stop pool <Name value={pool.name} />?
            </>
          }
          confirmLabel="Stop pool"
          onClose={() => setConfirm(null)}
          onSubmit={() => action.mutate('stop', { onSuccess: () => setConfirm(null) })}
          busy={action.isPending}
          error={action.error}
          testId="stop-pool-dialog"
        >
          <p>
            libvirt deactivates the pool: its volumes can no longer be listed, created, cloned or
            attached until it is started again. The data stays on disk
            {pool.persistent ? '' : '; a transient pool is forgotten once stopped'}.
          </p>
        </Dialog>
      )}
      {(confirm === 'undefine' || confirm === 'delete') && (
        <RemovePoolDialog
          hostId={hostId}
          pool={pool}
          deleteData={confirm === 'delete'}
          onClose={() => setConfirm(null)}
        />
      )}
    </div>
  );
}

/**
 * Undefine forgets the pool and keeps its data; delete also removes every volume and the
 * pool's directory (libvirt: vol-delete each, pool-delete, pool-undefine).
 */
function RemovePoolDialog({
  hostId,
  pool,
  deleteData,
  onClose,
}: {
  hostId: string;
  pool: Pool;
  deleteData: boolean;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState('');
  const navigate = useNavigate();
  // Removed from its own page: that page is about to be a 404, so go to the host's pools.
  const onPoolPage = useMatch(routePatterns.pool)?.params.pool === pool.name;
  const removed = () => {
    onClose();
    if (onPoolPage) void navigate(uiRoutes.host(hostId));
  };
  const remove = useJobMutation(() =>
    callApi(routes.poolDelete, {
      params: { hostId, pool: pool.name },
      query: { deleteData: deleteData ? 'true' : 'false' },
    }),
  );
  return (
    <Dialog
      title={
        <>
          {deleteData ? 'Delete' : 'Undefine'} pool <Name value={pool.name} />?
        </>
      }
      confirmLabel={deleteData ? 'Delete pool and all data' : 'Undefine'}
      danger={deleteData}
      onClose={onClose}
      onSubmit={() => remove.mutate(undefined, { onSuccess: removed })}
      busy={remove.isPending}
      error={remove.error}
      confirmDisabled={deleteData && !confirmsName(typed, pool.name)}
      testId={deleteData ? 'delete-pool-dialog' : 'undefine-pool-dialog'}
    >
      {deleteData ? (
        <>
          <p className="dialog__warning">
            This destroys all volumes in the pool and all their data
            {pool.volumeCount !== null ? ` (${pool.volumeCount} volumes)` : ''}, removes the pool’s
            directory
            {pool.targetPath !== null && (
              <>
                {' '}
                <Name value={pool.targetPath} />
              </>
            )}{' '}
            and then forgets the pool. Nothing of it can be recovered.
          </p>
          <TypeToConfirm what="pool" name={pool.name} value={typed} onChange={setTyped} />
        </>
      ) : (
        <p>
          libvirt forgets the pool definition. Its volumes and data stay on disk; define the pool
          again to see them.
        </p>
      )}
    </Dialog>
  );
}
