import type { Request, RequestHandler, Response } from 'express';
import { CSRF_HEADER, matchRoute, type ApiError } from '@poolwatch/shared';
import type { AuthService, Principal } from '../auth/auth-service.js';
import { describeMutation } from '../auth/audit-actions.js';
import { safeEqual } from '../auth/tokens.js';
import { redactUrl } from './request-log.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isMutation = (method: string): boolean => MUTATING.has(method);

function deny(res: Response, status: number, id: string, message: string): void {
  res.status(status).json({ error: { id, message } } satisfies ApiError);
}

/** The origin this server answers on, as the browser sees it (trust proxy respected). */
export function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

/**
 * Who is asking: a kiosk token as `Authorization: Bearer`, else the session cookie.
 * A Bearer header that does not verify is a 401 (never a fallback to the cookie).
 */
export function authenticate(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match?.[1] ? auth.bearer(match[1]) : null;
      if (!principal) {
        deny(res, 401, 'unauthenticated', 'invalid or revoked token');
        return;
      }
      req.principal = principal;
      next();
      return;
    }
    const session = req.session?.auth;
    if (session) {
      req.principal = {
        user: session.user,
        role: session.role,
        kind: session.kind,
        tokenId: session.tokenId,
        via: 'session',
        sessionId: req.sessionID,
      };
    }
    next();
  };
}

/** Everything after this needs a signed-in principal: 401 otherwise. */
export const requireSignedIn: RequestHandler = (req, res, next) => {
  if (!req.principal) {
    deny(res, 401, 'unauthenticated', 'sign in first');
    return;
  }
  next();
};

/** For admin-only reads (users, audit, kiosk tokens). */
export const requireAdmin: RequestHandler = (req, res, next) => {
  if (!req.principal) {
    deny(res, 401, 'unauthenticated', 'sign in first');
    return;
  }
  if (req.principal.role !== 'admin') {
    deny(res, 403, 'forbidden', 'admins only');
    return;
  }
  next();
};

/**
 * The one gate for every mutation under /api, installed before body parsing and before
 * any route: a viewer or kiosk gets 403 and nothing runs (an upload's body is never read).
 * Cookie-authenticated requests must carry the session's CSRF token; a cross-origin
 * `Origin` is refused whatever the credentials.
 */
export const guardMutations: RequestHandler = (req, res, next) => {
  if (!isMutation(req.method)) {
    next();
    return;
  }
  if (!sameOrigin(req, res)) return;
  const principal = req.principal;
  if (!principal) {
    deny(res, 401, 'unauthenticated', 'sign in first');
    return;
  }
  if (principal.role !== 'admin') {
    deny(
      res,
      403,
      'forbidden',
      `${principal.kind === 'kiosk' ? 'a kiosk' : 'a viewer'} cannot change anything`,
    );
    return;
  }
  if (principal.via === 'session' && !csrfOk(req, res)) return;
  next();
};

/** A present Origin must be ours (403 otherwise, already answered when false). */
export function sameOrigin(req: Request, res: Response): boolean {
  const origin = req.get('origin');
  if (origin !== undefined && origin !== ownOrigin(req)) {
    deny(res, 403, 'forbidden', `cross-origin request from ${origin} refused`);
    return false;
  }
  return true;
}

/** The session's CSRF token as X-CSRF-Token (403 `csrf` otherwise, already answered when false). */
export function csrfOk(req: Request, res: Response): boolean {
  const sent = req.get(CSRF_HEADER);
  const expected = req.session?.auth?.csrfToken;
  if (!sent || !expected || !safeEqual(sent, expected)) {
    deny(res, 403, 'csrf', `missing or wrong ${CSRF_HEADER} header`);
    return false;
  }
  return true;
}

/**
 * Records every mutation under /api when its response finishes: who, what, on what, with
 * which (redacted) parameters, and how it ended (ok / denied 401·403·429 / failed).
 * Installed first so denied attempts are recorded too. Which requests count, and their
 * names, come from the route contracts: a download is a read, but of a whole disk's bytes.
 */
/** What a download route leaves in `res.locals.jobEnd` (a promise of its ended job). */
interface EndedJob {
  id: string;
  state: string;
  error: { message: string } | null;
}

/** What a route changed, `{ field: { from, to } }`: replaces those fields in its audit params. */
export type AuditChange = Record<string, { from: unknown; to: unknown }>;

export function auditChange(res: Response, change: AuditChange): void {
  res.locals.auditChange = change;
}

export function auditMutations(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    // The path relative to /api, taken now: once an error leaves the router, req.path is
    // the full URL again (and a failed mutation was named by it, not by its action).
    const path = req.path;
    const contract = matchRoute(req.method, path)?.contract;
    const audited = isMutation(req.method) || contract?.streams === 'download';
    // Sign-in records itself (it knows the attempted username and the verdict).
    if (!audited || contract?.auditsItself) {
      next();
      return;
    }
    const { action, target } = describeMutation(req.method, path);
    const query = queryOf(req.originalUrl);
    let errorMessage: string | null = null;
    let responseBody: unknown = null;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      responseBody = body;
      const error = (body as Partial<ApiError> | null)?.error;
      if (error && typeof error.message === 'string') errorMessage = error.message;
      return json(body);
    };
    let recorded = false;
    const record = (jobEnd?: EndedJob) => {
      if (recorded) return;
      recorded = true;
      // A download's response may close before it "finishes" (a client hanging up at the
      // last byte): its job says how it ended.
      const jobFailed = jobEnd !== undefined && jobEnd.state !== 'succeeded';
      if (jobFailed) errorMessage = jobEnd.error?.message ?? `the download was ${jobEnd.state}`;
      const status = jobFailed && res.statusCode < 400 ? 499 : res.statusCode;
      const params: Record<string, unknown> = {};
      if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
        Object.assign(params, req.body as object);
      }
      if (res.locals.auditChange) Object.assign(params, res.locals.auditChange as AuditChange);
      if (query !== null) params.query = query;
      const job = responseBody as { id?: unknown; kind?: unknown } | null;
      let jobId =
        status < 300 && job && typeof job.id === 'string' && typeof job.kind === 'string'
          ? job.id
          : null;
      if (jobEnd) jobId = jobEnd.id;
      if (jobId !== null) params.jobId = jobId;
      const principal = req.principal;
      auth.audit.record({
        actor: principal?.user ?? 'anonymous',
        actorKind: principal ? principal.kind : 'anonymous',
        action,
        target,
        params: Object.keys(params).length > 0 ? params : null,
        outcome: status < 400 ? 'ok' : status === 401 || status === 403 ? 'denied' : 'failed',
        status,
        message: errorMessage,
        ip: req.ip ?? null,
        jobId,
      });
    };
    const settle = () => {
      const jobEnd = res.locals.jobEnd as Promise<EndedJob> | undefined;
      if (jobEnd) void jobEnd.then(record);
      else record();
    };
    res.on('finish', settle);
    if (contract?.streams === 'download') res.on('close', settle);
    next();
  };
}

/** The query string as audited: secret values redacted, at most 256 characters. */
function queryOf(url: string): string | null {
  const q = url.indexOf('?');
  if (q < 0 || q === url.length - 1) return null;
  const redacted = redactUrl(url.slice(q)).slice(1);
  return redacted.length > 256 ? `${redacted.slice(0, 256)}…` : redacted;
}
