import { createBrowserRouter, type RouteObject } from 'react-router';
import { HostLayout } from '../features/hosts/HostLayout';
import { HostsPage } from '../features/hosts/HostsPage';
import { PoolsPage } from '../features/pools/PoolsPage';
import { VolumeDetailPage } from '../features/volumes/VolumeDetailPage';
import { VolumesPage } from '../features/volumes/VolumesPage';
import { routePatterns } from '../lib/routes';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPage } from './RouteErrorPage';

/** Paths come from routePatterns, the same ones the route-builder tests match against. */
export const appRoutes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: routePatterns.hosts, element: <HostsPage /> },
      {
        path: routePatterns.host,
        element: <HostLayout />,
        children: [
          { index: true, element: <PoolsPage /> },
          { path: routePatterns.pool, element: <VolumesPage /> },
          { path: routePatterns.volume, element: <VolumeDetailPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(appRoutes);
