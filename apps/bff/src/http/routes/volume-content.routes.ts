import { Router, type Request, type Response } from 'express';
import { NewVolumeNameSchema, parseExactByteCount, routes, SIZE_RULE } from '@poolwatch/shared';
import { AppError, BadRequestError } from '../../errors.js';
import type { StorageService } from '../../storage/storage-service.js';
import { downloadVolumeJob, uploadVolumeJob } from '../../storage/stream-jobs.js';
import { route } from '../route.js';
import { ids } from './volume-jobs.routes.js';

/**
 * Volume bytes over HTTP, streamed (never buffered) to the host through Poolwatch's stream
 * mover or a libvirt stream (stream.planner.ts), and tracked as jobs. An upload's request lasts as long as its job and ends with the final Job; a
 * download is an ordinary file download whose job everyone can watch (and cancel).
 */
export function volumeContentRoutes(storage: StorageService): Router {
  const router = Router();

  route(router, routes.volumeUpload, async (req, res, { params, query }) => {
    const [hostId, pool, volume] = ids(params);
    const client = watchClient(storage, req, res);
    const header = req.headers['content-length'];
    if (header === undefined || !/^\d+$/.test(header)) {
      res.status(411).json({ error: { id: 'bad_request', message: 'Content-Length is required' } });
      return;
    }
    const length = parseExactByteCount(header);
    if (length === null) throw new BadRequestError(`Content-Length ${SIZE_RULE}: ${header}`);
    if (length === 0) throw new BadRequestError('the upload is empty');
    if (query.create === '1') {
      // The volume this upload creates: held to the names a job can carry.
      const named = NewVolumeNameSchema.safeParse(volume);
      if (!named.success) {
        throw new BadRequestError(
          `invalid volume name ${JSON.stringify(volume)}: ${named.error.issues[0]?.message}`,
        );
      }
    }
    const job = await storage.submit(hostId, req.principal?.user, (s) =>
      uploadVolumeJob(s, pool, volume, {
        body: req,
        length,
        create: query.create === '1',
        format: query.format ?? 'raw',
      }),
    );
    // The client going away at any moment (even while the job was being built) cancels the
    // job: its slot, locks and virsh go, and a volume the upload created is deleted.
    client.track(job.id);
    const final = await storage.waitForEnd(job.id);
    if (final.state === 'succeeded') {
      res.status(200).json(final);
      return;
    }
    const status =
      final.state === 'cancelled' ? 409 : final.error?.id === 'stream_idle' ? 504 : 502;
    const error = final.error ?? { id: 'job_cancelled', message: 'the upload was cancelled' };
    // The body may still be arriving: answer, then stop reading it.
    res.status(status).set('Connection', 'close').json({ error, job: final });
  });

  // Volume bytes may hold anything (keys, databases): viewers and kiosks watch, they do not
  // copy disks off the host.
  route(router, routes.volumeDownload, async (req, res, { params }) => {
    const [hostId, pool, volume] = ids(params);
    let jobId: string | null = null;
    let sent = { bytes: 0, stalled: false };
    let total = Infinity;
    // A client that hangs up once it has every byte got the whole file: not a cancel. Nor
    // is the close of a response the job itself ended (a stalled stream fails instead).
    const client = watchClient(storage, req, res, () => sent.bytes < total && !sent.stalled);
    const job = await storage.submit(hostId, req.principal?.user, async (s) => {
      const built = await downloadVolumeJob(s, pool, volume, {
        sink: res,
        onStart: (length) => {
          res.status(200);
          res.setHeader('Content-Type', 'application/octet-stream');
          res.setHeader('Content-Length', String(length));
          res.setHeader('Content-Disposition', contentDisposition(volume));
          res.setHeader('Cache-Control', 'no-store');
          if (jobId) res.setHeader('X-Poolwatch-Job', jobId);
        },
      });
      sent = built.sent;
      total = built.length;
      return built.spec;
    });
    jobId = job.id;
    const end = storage.waitForEnd(job.id);
    // The audit row of a download says how its job ended, however the client closed.
    res.locals.jobEnd = end;
    client.track(job.id);
    const final = await end;
    if (res.destroyed) return;
    if (!res.headersSent && final.state !== 'succeeded') {
      const error = final.error ?? { id: 'job_cancelled', message: 'the download was cancelled' };
      res.status(final.state === 'cancelled' ? 409 : 502).json({ error, job: final });
    } else if (final.state !== 'succeeded') {
      res.destroy(); // a short body must not look like a complete file
    }
  });

  return router;
}

const CLIENT_GONE = { id: 'client_gone', message: 'the client closed the connection' };

function cancelQuietly(storage: StorageService, id: string): void {
  try {
    storage.engine.cancel(id, { reason: CLIENT_GONE });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/**
 * Watches the response from the first moment of the request: a connection that closes
 * before the response finished is a client gone, whether that happens before the job
 * exists (it is cancelled as soon as it does), right after the headers or mid-stream.
 */
function watchClient(
  storage: StorageService,
  req: Request,
  res: Response,
  matters: () => boolean = () => true,
) {
  let jobId: string | null = null;
  // The socket may be gone before this route runs at all (during sign-in checks): its
  // 'close' has fired already, so look at the socket too, not only at the event. A body
  // that ended early (the client half-closed, or reset) can never complete either.
  const gone = () =>
    !res.writableFinished &&
    (res.closed ||
      res.destroyed ||
      res.socket?.destroyed !== false ||
      (!req.complete && (req.destroyed || req.readableAborted)));
  const check = () => {
    if (gone() && matters() && jobId) cancelQuietly(storage, jobId);
  };
  res.on('close', check);
  req.on('close', check);
  req.on('error', check);
  return {
    track(id: string) {
      jobId = id;
      if (gone() && matters()) cancelQuietly(storage, id);
    },
  };
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
