import {
  CloneVolumeRequestSchema,
  CreateVolumeRequestSchema,
  ForceQuerySchema,
  ResizeVolumeRequestSchema,
  UploadQuerySchema,
  WipeVolumeRequestSchema,
} from '../job-requests.js';
import { JobSchema } from '../jobs.js';
import { defineRoute } from './contract.js';
import { hostIdParam, poolParam, volumeParam } from './params.js';

const params = { hostId: hostIdParam, pool: poolParam, volume: volumeParam };
const volumePath = '/hosts/:hostId/pools/:pool/volumes/:volume';
/** Every volume mutation answers 202 with the Job it submitted. */
const job = { response: JobSchema, status: 202, role: 'admin' } as const;

/** Volume mutations, and volume bytes streamed in and out (tracked as jobs). */
export const volumeRoutes = {
  volumeCreate: defineRoute({
    id: 'volumeCreate',
    method: 'POST',
    path: '/hosts/:hostId/pools/:pool/volumes',
    params: { hostId: hostIdParam, pool: poolParam },
    body: CreateVolumeRequestSchema,
    ...job,
    audit: 'volume.create',
  }),
  volumeClone: defineRoute({
    id: 'volumeClone',
    method: 'POST',
    path: `${volumePath}/clone`,
    params,
    body: CloneVolumeRequestSchema,
    ...job,
    audit: 'volume.clone',
  }),
  volumeWipe: defineRoute({
    id: 'volumeWipe',
    method: 'POST',
    path: `${volumePath}/wipe`,
    params,
    query: ForceQuerySchema,
    body: WipeVolumeRequestSchema,
    ...job,
    audit: 'volume.wipe',
  }),
  volumeResize: defineRoute({
    id: 'volumeResize',
    method: 'POST',
    path: `${volumePath}/resize`,
    params,
    query: ForceQuerySchema,
    body: ResizeVolumeRequestSchema,
    ...job,
    audit: 'volume.resize',
  }),
  volumeDelete: defineRoute({
    id: 'volumeDelete',
    method: 'DELETE',
    path: volumePath,
    params,
    query: ForceQuerySchema,
    ...job,
    audit: 'volume.delete',
  }),
  /** The body is the bytes (Content-Length required); answers 200 with the final Job. */
  volumeUpload: defineRoute({
    id: 'volumeUpload',
    method: 'PUT',
    path: `${volumePath}/content`,
    params,
    query: UploadQuerySchema,
    response: JobSchema,
    status: 200,
    role: 'admin',
    audit: 'volume.upload',
    streams: 'upload',
  }),
  /** Not a mutation, but it hands out a whole disk's bytes: admins only, and audited. */
  volumeDownload: defineRoute({
    id: 'volumeDownload',
    method: 'GET',
    path: `${volumePath}/content`,
    params,
    response: null,
    status: 200,
    role: 'admin',
    audit: 'volume.download',
    streams: 'download',
  }),
} as const;
