import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { errorMessage, isApiRequestError } from '../../api/http';
import { signIn, startSession } from '../../auth/session';
import { DocumentTitle } from '../../components/DocumentTitle';
import { Field } from '../../components/Dialog';
import { safeNext } from '../../lib/routes';
import { useSignOutOnArrival } from './useSignOutOnArrival';

/** The words for a failed sign-in: the server's, except for throttling and bad credentials. */
export function signInErrorText(error: unknown): string {
  if (isApiRequestError(error) && error.status === 429) {
    return error.retryAfter !== null
      ? `Too many attempts, try again in ${error.retryAfter} s.`
      : 'Too many attempts, try again later.';
  }
  if (isApiRequestError(error) && error.status === 401) return 'Wrong username or password.';
  return errorMessage(error);
}

/** `/signin?next=…`: the one page reachable without a session (besides the kiosk's). */
export function SignInPage() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  useSignOutOnArrival();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const login = useMutation({
    mutationFn: signIn,
    onSuccess: (info) => {
      startSession(queryClient, info);
      void navigate(next, { replace: true });
    },
    onError: () => setPassword(''),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!username || !password || login.isPending) return;
    login.mutate({ username, password });
  };

  return (
    <main className="signin" id="main">
      <DocumentTitle parts={['Sign in']} />
      <form className="signin__card" onSubmit={submit} aria-labelledby="signin-title" noValidate>
        <h1 id="signin-title" className="signin__title">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          Poolwatch
        </h1>
        <Field label="Username">
          {(props) => (
            <input
              {...props}
              className="input"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password">
          {(props) => (
            <input
              {...props}
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {login.error && (
          <div className="alert alert--danger" role="alert" data-testid="signin-error">
            <div className="alert__body">
              <span className="alert__message">{signInErrorText(login.error)}</span>
            </div>
          </div>
        )}
        <button
          type="submit"
          className="button button--primary signin__submit"
          disabled={login.isPending || !username || !password}
        >
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
