import { Link, Outlet } from 'react-router';
import { LiveStatus } from '../realtime/LiveStatus';
import { AppBreadcrumbs } from './AppBreadcrumbs';

/**
 * The app shell: masthead and page. Coming features plug in here: the jobs panel and the
 * user menu go in `masthead__tools`, a kiosk route can render <Outlet /> without the chrome.
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
      <main className="page" id="main">
        <AppBreadcrumbs />
        <Outlet />
      </main>
    </div>
  );
}
