import { Outlet } from 'react-router';
import { useHostRoute } from '../../app/routeParams';
import {
  HostUnreachableBanner,
  ServerUnreachableBanner,
} from '../../components/HostUnreachableBanner';
import { useServerUnreachable } from '../../realtime/connectionStatus';
import { HostContext } from './hostContext';
import { useHost } from './useHost';

/**
 * Everything under /hosts/:hostId: knows the host, and says so once when it is unreachable,
 * or when the Poolwatch server itself is. An unknown host id is left to the API (its 404
 * message is shown by the page).
 *
 * While either cannot be reached nothing below can act: a disabled fieldset disables every
 * button and field of the pages in one place (a new action cannot forget it), links and
 * row navigation still work, and what is shown stays readable.
 */
export function HostLayout() {
  const { hostId } = useHostRoute();
  const { host } = useHost(hostId);
  const serverUnreachable = useServerUnreachable();
  const bannerShown = host?.state === 'unreachable' && !serverUnreachable;
  const blocked = serverUnreachable || host?.state === 'unreachable';

  return (
    <HostContext value={{ hostId, host, bannerShown: bannerShown || serverUnreachable }}>
      {serverUnreachable && <ServerUnreachableBanner />}
      {bannerShown && <HostUnreachableBanner label={host.label} reason={host.error} />}
      <fieldset
        className="action-gate"
        disabled={blocked}
        data-testid="host-actions-gate"
        data-blocked={blocked || undefined}
      >
        <Outlet />
      </fieldset>
    </HostContext>
  );
}
