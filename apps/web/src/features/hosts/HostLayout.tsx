import { Outlet } from 'react-router';
import { useHostRoute } from '../../app/routeParams';
import { HostUnreachableBanner } from '../../components/HostUnreachableBanner';
import { HostContext } from './hostContext';
import { useHost } from './useHost';

/**
 * Everything under /hosts/:hostId: knows the host, and says so once when it is unreachable.
 * An unknown host id is left to the API (its 404 message is shown by the page).
 */
export function HostLayout() {
  const { hostId } = useHostRoute();
  const { host } = useHost(hostId);
  const bannerShown = host?.state === 'unreachable';

  return (
    <HostContext value={{ hostId, host, bannerShown }}>
      {bannerShown && <HostUnreachableBanner label={host.label} reason={host.error} />}
      <Outlet />
    </HostContext>
  );
}
