import { z } from 'zod';
import { VolumeFormatSchema } from '../job-requests.js';
import { HostIdSchema, PoolNameSchema, VolumeNameSchema } from '../names.js';
import { defineRoute } from './contract.js';
import { opaqueIdParam } from './params.js';

/**
 * Resumable uploads: the tus 1.0.0 protocol (https://tus.io/protocols/resumable-upload),
 * core + creation + termination, at `/api/uploads`. One tus upload is one `volume.upload`
 * job (its id is the upload id). Bodies are tus's own (empty, or the bytes), so no schema:
 * the tus server answers them. Same gates as every route: admins only, CSRF and Origin.
 */
export const TUS_UPLOADS_PATH = '/api/uploads';

/**
 * `Upload-Metadata` of a create (each value base64 per the tus spec): which volume the
 * bytes go to. `create: '1'` creates the volume (raw, sized to Upload-Length).
 */
export const TusUploadMetadataSchema = z.object({
  hostId: HostIdSchema,
  pool: PoolNameSchema,
  volume: VolumeNameSchema,
  create: z.enum(['0', '1']).optional(),
  format: VolumeFormatSchema.optional(),
});
export type TusUploadMetadata = z.infer<typeof TusUploadMetadataSchema>;

const params = { uploadId: opaqueIdParam('upload id') };

export const uploadRoutes = {
  /** tus creation: 201 with `Location: /api/uploads/<job id>`; the job exists from now on. */
  tusCreate: defineRoute({
    id: 'tusCreate',
    method: 'POST',
    path: '/uploads',
    params: {},
    response: null,
    status: 201,
    role: 'admin',
    audit: 'upload.create',
    streams: 'upload',
  }),
  /** The offset the volume holds for sure (confirmed by virsh), to resume from. */
  tusOffset: defineRoute({
    id: 'tusOffset',
    method: 'HEAD',
    path: '/uploads/:uploadId',
    params,
    response: null,
    status: 200,
    role: 'admin',
  }),
  /** Bytes at `Upload-Offset` (409 when it is not the confirmed offset); 204 + new offset. */
  tusPatch: defineRoute({
    id: 'tusPatch',
    method: 'PATCH',
    path: '/uploads/:uploadId',
    params,
    response: null,
    status: 204,
    role: 'admin',
    audit: 'upload.resume',
    streams: 'upload',
  }),
  /** tus termination: cancels the job (a volume the upload created is deleted). */
  tusTerminate: defineRoute({
    id: 'tusTerminate',
    method: 'DELETE',
    path: '/uploads/:uploadId',
    params,
    response: null,
    status: 204,
    role: 'admin',
    audit: 'upload.cancel',
  }),
};
