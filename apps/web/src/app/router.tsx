import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireCan, RequireSession } from '../auth/RequireSession';
import { AuditPage } from '../features/admin/AuditPage';
import { KioskTokensPage } from '../features/admin/KioskTokensPage';
import { UsersPage } from '../features/admin/UsersPage';
import { SignInPage } from '../features/auth/SignInPage';
import { HostLayout } from '../features/hosts/HostLayout';
import { HostsPage } from '../features/hosts/HostsPage';
import { JobPage } from '../features/jobs/JobPage';
import { JobsPage } from '../features/jobs/JobsPage';
import { KioskPage } from '../features/kiosk/KioskPage';
import { PoolsPage } from '../features/pools/PoolsPage';
import { VolumeDetailPage } from '../features/volumes/VolumeDetailPage';
import { VolumesPage } from '../features/volumes/VolumesPage';
import { routePatterns } from '../lib/routes';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPage } from './RouteErrorPage';

/**
 * Paths come from routePatterns, the same ones the route-builder tests match against.
 * Sign-in and the kiosk stand outside the admin shell: no masthead, no jobs panel, no links.
 */
export const appRoutes: RouteObject[] = [
  { path: routePatterns.signIn, element: <SignInPage />, errorElement: <RouteErrorPage /> },
  { path: routePatterns.kiosk, element: <KioskPage />, errorElement: <RouteErrorPage /> },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      { path: routePatterns.hosts, element: <HostsPage /> },
      { path: routePatterns.jobs, element: <JobsPage /> },
      { path: routePatterns.job, element: <JobPage /> },
      {
        path: routePatterns.host,
        element: <HostLayout />,
        children: [
          { index: true, element: <PoolsPage /> },
          { path: routePatterns.pool, element: <VolumesPage /> },
          { path: routePatterns.volume, element: <VolumeDetailPage /> },
        ],
      },
      {
        path: routePatterns.users,
        element: (
          <RequireCan action="administer">
            <UsersPage />
          </RequireCan>
        ),
      },
      {
        path: routePatterns.kioskTokens,
        element: (
          <RequireCan action="administer">
            <KioskTokensPage />
          </RequireCan>
        ),
      },
      {
        path: routePatterns.audit,
        element: (
          <RequireCan action="administer">
            <AuditPage />
          </RequireCan>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(appRoutes);
