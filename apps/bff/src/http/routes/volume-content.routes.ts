import { Router } from 'express';
import { routes } from '@poolwatch/shared';
import { AppError, BadRequestError } from '../../errors.js';
import type { StorageService } from '../../storage/storage-service.js';
import { downloadVolumeJob, uploadVolumeJob } from '../../storage/stream-jobs.js';
import { route } from '../route.js';
import { ids } from './volume-jobs.routes.js';

/**
 * Volume bytes over HTTP, streamed (never buffered) through libvirt streams and tracked
 * as jobs. An upload's request lasts as long as its job and ends with the final Job; a
 * download is an ordinary file download whose job everyone can watch (and cancel).
 */
export function volumeContentRoutes(storage: StorageService): Router {
  const router = Router();

  route(router, routes.volumeUpload, async (req, res, { params, query }) => {
    const [hostId, pool, volume] = ids(params);
    const header = req.headers['content-length'];
    if (header === undefined || !/^\d+$/.test(header)) {
      res.status(411).json({ error: { id: 'bad_request', message: 'Content-Length is required' } });
      return;
    }
    const length = Number(header);
    if (length === 0) throw new BadRequestError('the upload is empty');
    const job = await storage.submit(hostId, (s) =>
      uploadVolumeJob(s, pool, volume, {
        body: req,
        length,
        create: query.create === '1',
        format: query.format ?? 'raw',
      }),
    );
    // The browser going away mid-upload cancels the job (and removes a volume it created).
    req.on('aborted', () => cancelQuietly(storage, job.id));
    const final = await storage.waitForEnd(job.id);
    if (final.state === 'succeeded') {
      res.status(200).json(final);
      return;
    }
    const status = final.state === 'cancelled' ? 409 : 502;
    const error = final.error ?? { id: 'job_cancelled', message: 'the upload was cancelled' };
    // The body may still be arriving: answer, then stop reading it.
    res.status(status).set('Connection', 'close').json({ error, job: final });
  });

  // Volume bytes may hold anything (keys, databases): viewers and kiosks watch, they do not
  // copy disks off the host.
  route(router, routes.volumeDownload, async (_req, res, { params }) => {
    const [hostId, pool, volume] = ids(params);
    let jobId: string | null = null;
    const job = await storage.submit(hostId, async (s) => {
      const { spec } = await downloadVolumeJob(s, pool, volume, {
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
      return spec;
    });
    jobId = job.id;
    res.on('close', () => {
      if (!res.writableFinished) cancelQuietly(storage, job.id);
    });
    const final = await storage.waitForEnd(job.id);
    if (!res.headersSent && final.state !== 'succeeded') {
      const error = final.error ?? { id: 'job_cancelled', message: 'the download was cancelled' };
      res.status(final.state === 'cancelled' ? 409 : 502).json({ error, job: final });
    } else if (final.state !== 'succeeded') {
      res.destroy(); // a short body must not look like a complete file
    }
  });

  return router;
}

function cancelQuietly(storage: StorageService, id: string): void {
  try {
    storage.engine.cancel(id);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
