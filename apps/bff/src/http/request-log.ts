import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';

/** Query parameters whose values are secrets (a kiosk URL's `?token=`). */
const SECRET_PARAM = /token|pass|secret|key|sid|session|auth/i;
/** A path longer than this is cut: the log line stays one screen wide. */
const MAX_PATH = 512;

/**
 * The path as logged: secret query values replaced by `[redacted]`, the rest kept
 * (still percent-encoded, so a name with a newline cannot forge a log line).
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  let out = path;
  if (q >= 0) {
    const params = url
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const key = eq < 0 ? pair : pair.slice(0, eq);
        return SECRET_PARAM.test(safeDecode(key)) ? `${key}=[redacted]` : pair;
      });
    out = `${path}?${params.join('&')}`;
  }
  return out.length > MAX_PATH ? `${out.slice(0, MAX_PATH)}…` : out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Only API, kiosk and metrics requests are logged (static files would drown them). */
const logged = (url: string | undefined): boolean =>
  /^\/(api|kiosk|metrics)(\/|\?|$)/.test(url ?? '');

/**
 * One line per request at `info`: method, path (secrets redacted), status, duration
 * (`responseTime`, ms), user. No headers at any level: cookies, Set-Cookie, X-CSRF-Token
 * and Authorization would otherwise land in the log with every request.
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger: logger.child({ module: 'http' }),
    autoLogging: { ignore: (req) => !logged(req.url) },
    // pino-http's default serializers copy every header: replace them whole.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { originalUrl?: string }) => ({
        method: req.method,
        path: redactUrl(req.originalUrl ?? req.url ?? ''),
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customProps: (req) => {
      const user = (req as IncomingMessage & { principal?: { user: string } }).principal?.user;
      return user === undefined ? {} : { user };
    },
  });
}

/**
 * Behind a reverse proxy with POOLWATCH_TRUST_PROXY unset, every request comes from the
 * proxy's address: the per-IP sign-in limit then locks out everyone at once, and the audit
 * names the proxy. Said once, at the first request that carries X-Forwarded-For.
 */
export function warnUntrustedProxy(
  logger: Logger,
  trustProxy: boolean | number | string,
): RequestHandler {
  let warned = trustProxy !== false;
  return (req, _res, next) => {
    if (!warned && req.headers['x-forwarded-for'] !== undefined) {
      warned = true;
      logger.warn(
        { module: 'http', proxy: req.socket.remoteAddress ?? null },
        'requests carry X-Forwarded-For but POOLWATCH_TRUST_PROXY is unset: every client ' +
          'shares the proxy address (sign-in limits, audit); set POOLWATCH_TRUST_PROXY',
      );
    }
    next();
  };
}
