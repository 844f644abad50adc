import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { BandwidthSchema, HostIdSchema, PasswordSchema, PoolNameSchema } from '@poolwatch/shared';

/** POOLWATCH_UPLOAD_RESUME_MS's default: a resumable upload waits a day for its client. */
export const DEFAULT_UPLOAD_RESUME_MS = 24 * 60 * 60 * 1000;

/**
 * Configuration is read once at boot and validated with zod; an invalid value stops the
 * process with a message naming the field (see main.ts).
 */
const LIBVIRT_URI = /^[a-z0-9]+(\+[a-z0-9]+)?:\/\/[^\s]*$/;

export const HostConfigSchema = z
  .object({
    id: HostIdSchema,
    uri: z.string().regex(LIBVIRT_URI, 'must be a libvirt URI such as qemu+ssh://root@host/system'),
    label: z.string().min(1).max(100).optional(),
    keyFile: z.string().min(1).optional(),
    knownHostsFile: z.string().min(1).optional(),
    /** Bandwidth limit (bytes/s) for the host's limitable jobs when none is asked; null: none. */
    defaultBandwidth: BandwidthSchema.nullable().optional(),
    /** Per-pool settings by pool name: `{ "images": { "defaultBandwidth": 52428800 } }`. */
    pools: z
      .record(
        PoolNameSchema,
        z.object({ defaultBandwidth: BandwidthSchema.nullable().optional() }).strict(),
      )
      .optional(),
  })
  .strict();
export type HostConfig = z.infer<typeof HostConfigSchema> & { sandbox?: boolean };

const HostListSchema = z
  .array(HostConfigSchema)
  .min(1, 'must list at least one host')
  .refine(
    (hosts) => new Set(hosts.map((h) => h.id)).size === hosts.length,
    'host ids must be unique',
  );

const ConfigFileSchema = z.object({ hosts: HostListSchema }).strict();

const Port = z.coerce.number().int().min(1).max(65535);

export interface Config {
  port: number;
  bind: string;
  dataDir: string;
  hosts: HostConfig[];
  /** How often pools and watched volume lists are re-read to catch changes by others. */
  pollIntervalMs: number;
  /** POOLWATCH_HISTORY_SAMPLE_MS: how often every pool's capacity goes into the history. */
  historySampleMs?: number;
  /** How often each SSH host is checked to still answer new connections (0: never). */
  reachabilityMs: number;
  commandTimeoutMs: number;
  webDist: string;
  /** Byte-moving jobs running at once per host; more wait queued. */
  jobsPerHost: number;
  /** An upload or download with no byte moving for this long fails (POOLWATCH_STREAM_IDLE_MS). */
  streamIdleMs?: number;
  /** A resumable (tus) upload whose client stays away this long fails (POOLWATCH_UPLOAD_RESUME_MS). */
  uploadResumeMs?: number;
  /**
   * Express `trust proxy` (POOLWATCH_TRUST_PROXY): unset/false trusts nobody; `true`, a hop
   * count or a list of addresses makes X-Forwarded-Proto/For count (Secure cookies, client IPs).
   */
  trustProxy: boolean | number | string;
  /** The first admin's password when the user table is empty (else one is generated). */
  adminPassword: string | undefined;
  /** POOLWATCH_METRICS_TOKEN: Bearer token a Prometheus scraper sends to GET /metrics. */
  metricsToken: string | undefined;
  /** POOLWATCH_AUDIT_RETENTION_DAYS: audit rows older than this are deleted. */
  auditRetentionDays: number;
  /** POOLWATCH_AUDIT_MAX_ROWS: the oldest audit rows beyond this many are deleted. */
  auditMaxRows: number;
}

export class ConfigError extends Error {}

const repoRoot = resolve(import.meta.dirname, '../../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const field = <T>(name: string, schema: z.ZodType<T>, value: unknown): T => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ConfigError(formatIssues(name, parsed.error));
    return parsed.data;
  };
  const dataDir = dataDirOf(env);
  const sandboxPort = field(
    'POOLWATCH_SANDBOX_SSH_PORT',
    Port,
    env.POOLWATCH_SANDBOX_SSH_PORT ?? 2222,
  );
  return {
    port: field('PORT', Port, env.PORT ?? 8080),
    bind: field('POOLWATCH_BIND', z.string().min(1), env.POOLWATCH_BIND ?? '127.0.0.1'),
    dataDir,
    hosts: loadHosts(env, dataDir, sandboxPort, field),
    pollIntervalMs: field(
      'POOLWATCH_POLL_MS',
      z.coerce.number().int().min(200).max(60000),
      env.POOLWATCH_POLL_MS ?? 2000,
    ),
    historySampleMs: field(
      'POOLWATCH_HISTORY_SAMPLE_MS',
      z.coerce.number().int().min(100).max(3_600_000),
      env.POOLWATCH_HISTORY_SAMPLE_MS ?? 60000,
    ),
    reachabilityMs: field(
      'POOLWATCH_REACHABILITY_MS',
      z.coerce
        .number()
        .int()
        .refine((ms) => ms === 0 || (ms >= 1000 && ms <= 60000), 'must be 0 or 1000-60000'),
      env.POOLWATCH_REACHABILITY_MS ?? 5000,
    ),
    commandTimeoutMs: field(
      'POOLWATCH_VIRSH_TIMEOUT_MS',
      z.coerce.number().int().min(1000),
      env.POOLWATCH_VIRSH_TIMEOUT_MS ?? 60000,
    ),
    jobsPerHost: field(
      'POOLWATCH_JOBS_PER_HOST',
      z.coerce.number().int().min(1).max(64),
      env.POOLWATCH_JOBS_PER_HOST ?? 2,
    ),
    streamIdleMs: field(
      'POOLWATCH_STREAM_IDLE_MS',
      z.coerce.number().int().min(100).max(86_400_000),
      env.POOLWATCH_STREAM_IDLE_MS ?? 60000,
    ),
    uploadResumeMs: field(
      'POOLWATCH_UPLOAD_RESUME_MS',
      z.coerce
        .number()
        .int()
        .min(1000)
        .max(30 * 86_400_000),
      env.POOLWATCH_UPLOAD_RESUME_MS ?? DEFAULT_UPLOAD_RESUME_MS,
    ),
    trustProxy: parseTrustProxy(env.POOLWATCH_TRUST_PROXY),
    adminPassword: env.POOLWATCH_ADMIN_PASSWORD
      ? field('POOLWATCH_ADMIN_PASSWORD', PasswordSchema, env.POOLWATCH_ADMIN_PASSWORD)
      : undefined,
    metricsToken: env.POOLWATCH_METRICS_TOKEN
      ? field(
          'POOLWATCH_METRICS_TOKEN',
          z.string().regex(/^\S{16,512}$/, 'must be 16 to 512 characters without spaces'),
          env.POOLWATCH_METRICS_TOKEN,
        )
      : undefined,
    auditRetentionDays: field(
      'POOLWATCH_AUDIT_RETENTION_DAYS',
      z.coerce.number().int().min(1).max(36500),
      env.POOLWATCH_AUDIT_RETENTION_DAYS ?? 90,
    ),
    auditMaxRows: field(
      'POOLWATCH_AUDIT_MAX_ROWS',
      z.coerce.number().int().min(1000).max(100_000_000),
      env.POOLWATCH_AUDIT_MAX_ROWS ?? 1_000_000,
    ),
    webDist: resolve(env.POOLWATCH_WEB_DIST ?? resolve(repoRoot, 'apps/web/dist')),
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** The data dir alone (the users CLI needs nothing else). */
export function dataDirOf(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.POOLWATCH_DATA ?? resolve(repoRoot, '.poolwatch'));
}

function loadHosts(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  sandboxPort: number,
  field: <T>(name: string, schema: z.ZodType<T>, value: unknown) => T,
): HostConfig[] {
  if (env.POOLWATCH_HOSTS !== undefined) {
    return field(
      'POOLWATCH_HOSTS',
      HostListSchema,
      parseJson('POOLWATCH_HOSTS', env.POOLWATCH_HOSTS),
    );
  }
  if (env.POOLWATCH_CONFIG !== undefined) {
    const path = env.POOLWATCH_CONFIG;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`POOLWATCH_CONFIG: cannot read ${path}: ${(error as Error).message}`);
    }
    const file = field(
      `POOLWATCH_CONFIG (${path})`,
      ConfigFileSchema,
      parseJson(`POOLWATCH_CONFIG (${path})`, text),
    );
    return file.hosts.map((h) => ({ ...h, ...resolveFiles(h, path) }));
  }
  // Neither set: the local sandbox that scripts/services.sh starts (libvirtd behind a
  // loopback sshd with its own keys under the data dir).
  const sandbox = resolve(dataDir, 'sandbox');
  return [
    {
      id: 'sandbox',
      label: 'Sandbox (local libvirtd over SSH)',
      uri: `qemu+ssh://root@127.0.0.1:${sandboxPort}/system`,
      keyFile: resolve(sandbox, 'id_ed25519'),
      knownHostsFile: resolve(sandbox, 'known_hosts'),
      sandbox: true,
    },
  ];
}

/**
 * The default bandwidth limits of the config: the smallest of the host's `defaultBandwidth`
 * and those of the pools a job touches (source and target), null when none is set. A pool's
 * null adds no limit; it does not lift the host's.
 */
export function configuredBandwidth(hosts: readonly HostConfig[]) {
  const byId = new Map(hosts.map((h) => [h.id, h]));
  return (hostId: string, pools: readonly string[]): number | null => {
    const host = byId.get(hostId);
    if (!host) return null;
    const set = [
      host.defaultBandwidth,
      ...pools.map((p) => host.pools?.[p]?.defaultBandwidth),
    ].filter((b): b is number => typeof b === 'number');
    return set.length === 0 ? null : Math.min(...set);
  };
}

/** Relative key paths in a config file are relative to that file. */
function resolveFiles(host: HostConfig, configPath: string): Partial<HostConfig> {
  const base = resolve(configPath, '..');
  const abs = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(base, p));
  return { keyFile: abs(host.keyFile), knownHostsFile: abs(host.knownHostsFile) };
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${name}: not valid JSON (${(error as Error).message})`);
  }
}

/** "POOLWATCH_HOSTS[0].uri: must be a libvirt URI ..." */
function formatIssues(name: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('');
      return `${name}${path}: ${issue.message}`;
    })
    .join('; ');
}
