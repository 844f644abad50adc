import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { DocumentTitle } from '../components/DocumentTitle';
import { ErrorAlert } from '../components/QueryStates';

/** Last resort for errors thrown while rendering a route (a bug, not an API error). */
export function RouteErrorPage() {
  const error = useRouteError();
  const shown = isRouteErrorResponse(error)
    ? new Error(`${error.status} ${error.statusText}`)
    : error;

  return (
    <main className="page">
      <DocumentTitle parts={['Error']} />
      <ErrorAlert error={shown} title="Something went wrong showing this page" />
      <p>
        <Link to="/">Back to hosts</Link>
      </p>
    </main>
  );
}
