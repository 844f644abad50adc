import { z } from 'zod';

/**
 * Sign-in, roles, kiosk tokens and the audit log: the contract both ends build against.
 * `admin` acts; `viewer` (a person or a kiosk screen) only watches. The server enforces it.
 */
export const RoleSchema = z.enum(['admin', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;

/** How the session was established: a person signing in, or a kiosk token. */
export const SessionKindSchema = z.enum(['user', 'kiosk']);
export type SessionKind = z.infer<typeof SessionKindSchema>;

/** Login names: short, printable, no whitespace or slashes (they appear in URLs and logs). */
export const UsernameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.@-]*$/, 'letters, digits, "_", ".", "@", "-" only');

/** Passwords: at least 8 characters (the server stores only a scrypt hash). */
export const PasswordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(1024, 'must be at most 1024 characters');

/** POST /api/session. Any non-empty password is accepted here: a wrong one is a 401. */
export const LoginRequestSchema = z.object({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/**
 * POST /api/session (200) and GET /api/session (200, or 401 when signed out).
 * `user` is the username, or the kiosk token's label for a kiosk session.
 * Send `csrfToken` as the `X-CSRF-Token` header on every cookie-authenticated mutation.
 */
export const SessionInfoSchema = z.object({
  user: z.string(),
  role: RoleSchema,
  kind: SessionKindSchema,
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** GET /api/users (admin). */
export const UserSummarySchema = z.object({
  username: UsernameSchema,
  role: RoleSchema,
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

/** POST /api/users (admin) → 201 UserSummary. */
export const CreateUserRequestSchema = z.object({
  username: UsernameSchema,
  password: PasswordSchema,
  role: RoleSchema,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

/** PUT /api/users/:name/password (admin) → 204. */
export const SetPasswordRequestSchema = z.object({ password: PasswordSchema });
export type SetPasswordRequest = z.infer<typeof SetPasswordRequestSchema>;

/** GET /api/kiosk-tokens (admin): never contains the token itself. */
export const KioskTokenSchema = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type KioskToken = z.infer<typeof KioskTokenSchema>;

/** POST /api/kiosk-tokens (admin). */
export const CreateKioskTokenRequestSchema = z.object({
  label: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
});
export type CreateKioskTokenRequest = z.infer<typeof CreateKioskTokenRequestSchema>;

/**
 * POST /api/kiosk-tokens → 201. The token is shown once: only its hash is stored.
 * `url` (`/kiosk?token=...`, absolute when the request's host is known) signs a screen in;
 * the server trades the token for a kiosk session and redirects to `/kiosk`.
 */
export const KioskTokenCreatedSchema = z.object({
  id: z.string(),
  token: z.string(),
  url: z.string(),
});
export type KioskTokenCreated = z.infer<typeof KioskTokenCreatedSchema>;

/** POST /api/kiosk/session {token} → 200 SessionInfo (the same trade as GET /kiosk?token=). */
export const KioskSessionRequestSchema = z.object({ token: z.string().min(1).max(256) });
export type KioskSessionRequest = z.infer<typeof KioskSessionRequestSchema>;

export const AuditOutcomeSchema = z.enum(['ok', 'denied', 'failed']);
export type AuditOutcome = z.infer<typeof AuditOutcomeSchema>;

/** Who acted: a user, a kiosk token (by label), or an attempted username at sign-in. */
export const AuditActorKindSchema = z.enum(['user', 'kiosk', 'anonymous']);
export type AuditActorKind = z.infer<typeof AuditActorKindSchema>;

/**
 * One audit record. `action` is a dotted verb (`session.login`, `job.submit`, `job.cancel`,
 * `pool.start`, `user.create`, `kiosk-token.revoke`, ...); `params` never holds passwords
 * or tokens. `status` is the HTTP status answered.
 */
export const AuditEntrySchema = z.object({
  id: z.number().int().positive(),
  time: z.string(),
  actor: z.string(),
  actorKind: AuditActorKindSchema,
  action: z.string(),
  target: z.string().nullable(),
  params: z.record(z.string(), z.unknown()).nullable(),
  outcome: AuditOutcomeSchema,
  status: z.number().int().nullable(),
  message: z.string().nullable(),
  ip: z.string().nullable(),
  /** Refused anonymous requests are one row per IP, action, status and minute: how many. */
  count: z.number().int().positive().default(1),
  /** The job the request started (its failure turns the row's outcome to `failed`). */
  jobId: z.string().nullable().default(null),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/**
 * The audit page's filters: `user` is the actor (exact), `action` a dotted verb or its prefix
 * ending in a dot (`job.` = every job action), `outcome` one of ok/denied/failed, `from`
 * (inclusive) and `to` (exclusive) bound the time (ISO 8601).
 */
export const AuditFilterSchema = z.object({
  user: z.string().min(1).max(256).optional(),
  action: z.string().min(1).max(128).optional(),
  outcome: AuditOutcomeSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

/** GET /api/audit?limit=&before=&user=… (admin): newest first; `before` is an entry id or ISO time. */
export const AuditQuerySchema = AuditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z
    .union([z.coerce.number().int().positive(), z.iso.datetime({ offset: true })])
    .optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** GET /api/audit.csv (admin): the same filters, every match newest first, as CSV. */
export const AuditCsvQuerySchema = AuditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});
export type AuditCsvQuery = z.infer<typeof AuditCsvQuerySchema>;

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Pass as `before` for the next (older) page; null when this is the last page. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

/** GET /api/health: no session needed. `build` changes when a new UI is deployed. */
/**
 * `degraded`: the BFF keeps serving reads, but one of its own stores (job history, audit,
 * sessions, the log) failed its last write (disk full, database busy): `problems` says which
 * and why. It stays degraded until that store writes again.
 */
export const StorageProblemSchema = z.object({
  store: z.enum(['jobs', 'audit', 'sessions', 'log']),
  error: z.string(),
  since: z.string(),
});
export type StorageProblem = z.infer<typeof StorageProblemSchema>;
export const HealthSchema = z.union([
  z.object({ status: z.literal('ok'), build: z.string() }),
  z.object({
    status: z.literal('degraded'),
    build: z.string(),
    problems: z.array(StorageProblemSchema).min(1),
  }),
]);
export type Health = z.infer<typeof HealthSchema>;

/** Socket disconnect reasons the server sends (`auth:signed-out`) before closing a socket. */
export const SignedOutReasonSchema = z.enum(['logout', 'revoked', 'expired', 'user-removed']);
export type SignedOutReason = z.infer<typeof SignedOutReasonSchema>;

/** The header carrying the CSRF synchronizer token on cookie-authenticated mutations. */
export const CSRF_HEADER = 'X-CSRF-Token';
