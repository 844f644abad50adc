import { Link, Outlet } from 'react-router';
import { JobsPanel } from '../features/jobs/JobsPanel';
import { LiveStatus } from '../realtime/LiveStatus';
import { AppBreadcrumbs } from './AppBreadcrumbs';

/**
 * The app shell: masthead, page and the jobs panel (beside the page on wide screens, below it
 * on narrow ones). The user menu goes in `masthead__tools`; a kiosk route can render <Outlet />
 * without the chrome.
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
        <div className="masthead__tools">
          <LiveStatus />
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
