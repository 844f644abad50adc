import type { Host } from '@poolwatch/shared';
import { Link, useNavigate } from 'react-router';
import { HostStateLabel } from '../../components/StateLabel';
import { useServerUnreachable } from '../../realtime/connectionStatus';
import { onRowClick } from '../../lib/rowClick';
import { routes } from '../../lib/routes';
import { PoolsSummary } from './PoolsSummary';

export function HostRow({ host }: { host: Host }) {
  const navigate = useNavigate();
  const serverUnreachable = useServerUnreachable();
  const to = routes.host(host.id);

  return (
    <tr
      className="table__row--link"
      data-testid="host-row"
      data-host-id={host.id}
      onClick={onRowClick(() => void navigate(to))}
    >
      <td>
        <Link to={to} className="strong">
          {host.label}
        </Link>
        <div className="muted mono small">{host.uri}</div>
      </td>
      <td>
        <HostStateLabel
          state={host.state}
          serverUnreachable={serverUnreachable}
          testId="host-state"
        />
        {host.error && (
          <div className="text-danger small wrap" data-testid="host-error">
            {host.error}
          </div>
        )}
      </td>
      <td>{host.libvirtVersion ?? <span className="muted">unknown</span>}</td>
      <td>
        <PoolsSummary host={host} />
      </td>
    </tr>
  );
}
