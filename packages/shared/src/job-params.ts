import { z } from 'zod';

/**
 * `Job.params`: what a job was submitted with, one schema per kind (discriminated by
 * `kind`, the job's own kind), so readers know which fields are byte counts instead of
 * guessing from names. Byte counts are `bytes()` (described 'bytes'): `jobParamFields`
 * reads that back for display.
 *
 * Lenient on read: a body that matches no kind's schema (a row written before params were
 * typed, whose params carry no `kind`, or a shape that changed since) becomes
 * `{ kind: 'unknown', values }` instead of failing the whole job, so history still lists.
 */

const BYTES = 'bytes';
const bytes = () => z.number().int().nonnegative().describe(BYTES);
const Format = z.string();

const volumeCreate = z.object({
  kind: z.literal('volume.create'),
  name: z.string(),
  capacity: bytes(),
  allocation: bytes().optional(),
  format: Format.optional(),
  backingStore: z.object({ path: z.string(), format: Format }).optional(),
  preallocateMetadata: z.boolean().optional(),
});
const volumeClone = z.object({
  kind: z.literal('volume.clone'),
  name: z.string(),
  targetPool: z.string().optional(),
  format: Format,
  sourceFormat: Format,
});
const volumeUpload = z.object({
  kind: z.literal('volume.upload'),
  length: bytes(),
  create: z.boolean(),
  format: Format.optional(),
  /** A tus upload's (ResumableUploadParamsSchema in jobs.ts); absent for PUT …/content. */
  resumable: z.literal(true).optional(),
  uploaded: bytes().optional(),
  resumedFrom: bytes().nullable().optional(),
  resumes: z.number().int().nonnegative().optional(),
  volumeCreated: z.boolean().optional(),
});
const volumeDownload = z.object({ kind: z.literal('volume.download'), length: bytes() });
const volumeWipe = z.object({
  kind: z.literal('volume.wipe'),
  algorithm: z.string(),
  force: z.boolean().optional(),
});
const volumeResize = z.object({
  kind: z.literal('volume.resize'),
  capacity: bytes(),
  /** The capacity before the resize. */
  from: bytes(),
  allocate: z.boolean().optional(),
  shrink: z.boolean().optional(),
  force: z.boolean().optional(),
});
const volumeDelete = z.object({ kind: z.literal('volume.delete'), force: z.boolean().optional() });
const poolDefine = z.object({
  kind: z.literal('pool.define'),
  /** true when defined from raw XML (the XML itself is not kept in history). */
  xml: z.boolean().optional(),
  type: z.string().optional(),
  build: z.boolean().optional(),
  start: z.boolean().optional(),
  autostart: z.boolean().optional(),
});
const poolAction = <K extends string>(kind: K) => z.object({ kind: z.literal(kind) });
const poolAutostart = z.object({ kind: z.literal('pool.autostart'), autostart: z.boolean() });
const poolRemove = <K extends string>(kind: K) =>
  z.object({ kind: z.literal(kind), deleteData: z.boolean() });

/**
 * A job Poolwatch only observes (origin 'external'): nobody submitted parameters, so these
 * are what the host showed of the work (the libvirt child that runs it, a wipe's algorithm).
 */
const observed = z.object({
  kind: z.literal('external'),
  via: z.string().optional(),
  algorithm: z.string().optional(),
});

export const TypedJobParamsSchema = z.discriminatedUnion('kind', [
  observed,
  volumeCreate,
  volumeClone,
  volumeUpload,
  volumeDownload,
  volumeWipe,
  volumeResize,
  volumeDelete,
  poolDefine,
  poolAction('pool.build'),
  poolAction('pool.start'),
  poolAction('pool.stop'),
  poolAction('pool.refresh'),
  poolAutostart,
  poolRemove('pool.undefine'),
  poolRemove('pool.delete'),
]);
/** What builders produce: exactly one kind's parameters. */
export type TypedJobParams = z.infer<typeof TypedJobParamsSchema>;
export type JobParamsOf<K extends TypedJobParams['kind']> = Extract<TypedJobParams, { kind: K }>;

export const UnknownJobParamsSchema = z.object({
  kind: z.literal('unknown'),
  values: z.record(z.string(), z.unknown()),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const JobParamsSchema = z.preprocess(
  (value) => {
    if (TypedJobParamsSchema.safeParse(value).success) return value;
    if (UnknownJobParamsSchema.safeParse(value).success) return value;
    return { kind: 'unknown', values: isRecord(value) ? value : {} };
  },
  z.union([TypedJobParamsSchema, UnknownJobParamsSchema]),
);
export type JobParams = z.infer<typeof JobParamsSchema>;

/**
 * An old row's params carry no `kind`: give them the job's kind so a shape that still fits
 * parses typed (anything else ends up `unknown` by JobParamsSchema).
 */
export function upgradeJobBody(body: unknown): unknown {
  if (!isRecord(body) || !isRecord(body.params) || 'kind' in body.params) return body;
  return { ...body, params: { kind: body.kind, ...body.params } };
}

export interface JobParamField {
  key: string;
  value: unknown;
  /** 'bytes' when the kind's schema says the field is a byte count. */
  unit: 'bytes' | null;
}

const schemaByKind = new Map<string, z.ZodObject>(
  TypedJobParamsSchema.options.map((option) => [option.shape.kind.value, option]),
);

function isBytes(schema: z.ZodType | undefined): boolean {
  if (schema === undefined) return false;
  let inner = schema;
  // optional() and nullable() wrap the described schema (resumedFrom is both)
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) {
    inner = inner.unwrap() as z.ZodType;
  }
  return inner.description === BYTES;
}

/** The params as (key, value, unit) rows, without `kind`, in the schema's order. */
export function jobParamFields(params: JobParams): JobParamField[] {
  if (params.kind === 'unknown') {
    return Object.entries(params.values).map(([key, value]) => ({ key, value, unit: null }));
  }
  const shape = schemaByKind.get(params.kind)?.shape ?? {};
  return Object.entries(params)
    .filter(([key, value]) => key !== 'kind' && value !== undefined)
    .map(([key, value]) => ({
      key,
      value,
      unit: isBytes(shape[key] as z.ZodType | undefined) ? 'bytes' : null,
    }));
}
