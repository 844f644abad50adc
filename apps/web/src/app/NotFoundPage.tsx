import { Link } from 'react-router';
import { DocumentTitle } from '../components/DocumentTitle';
import { EmptyState } from '../components/QueryStates';

export function NotFoundPage() {
  return (
    <>
      <DocumentTitle parts={['Not found']} />
      <EmptyState title="Page not found">
        <Link to="/">Back to hosts</Link>
      </EmptyState>
    </>
  );
}
