import { Link, NavLink, Outlet } from 'react-router';
import { Can } from '../auth/Can';
import { UserMenu } from '../features/auth/UserMenu';
import { JobsPanel } from '../features/jobs/JobsPanel';
import { routes } from '../lib/routes';
import { LiveStatus } from '../realtime/LiveStatus';
import { AppBreadcrumbs } from './AppBreadcrumbs';

/**
 * The app shell: masthead (admin links, live status, user menu), page and the jobs panel
 * (beside the page on wide screens, below it on narrow ones). The kiosk page has its own.
 */
export function Layout() {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="masthead">
        <Link to="/" className="masthead__brand">
          <img src="/favicon.svg" alt="" width={20} height={20} />
          Poolwatch
        </Link>
        <nav className="masthead__nav" aria-label="Jobs">
          <NavLink to={routes.jobs()} end data-testid="nav-jobs">
            Jobs
          </NavLink>
        </nav>
        <Can do="administer">
          <nav className="masthead__nav" aria-label="Administration" data-testid="admin-nav">
            <NavLink to={routes.users()}>Users</NavLink>
            <NavLink to={routes.kioskTokens()}>Kiosk tokens</NavLink>
            <NavLink to={routes.audit()}>Audit</NavLink>
          </nav>
        </Can>
        <div className="masthead__tools">
          <LiveStatus />
          <UserMenu />
        </div>
      </header>
      <div className="app__body">
        <main className="page" id="main">
          <AppBreadcrumbs />
          <Outlet />
        </main>
        <JobsPanel />
      </div>
    </div>
  );
}
