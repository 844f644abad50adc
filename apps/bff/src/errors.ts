import type { ErrorId, VolumeUser } from '@poolwatch/shared';

/**
 * A few error classes with stable ids. The HTTP error handler turns them into
 * `{ error: { id, message } }` with the status they carry; anything else is a 500.
 */
export class AppError extends Error {
  constructor(
    readonly id: ErrorId | string,
    readonly status: number,
    message: string,
    /** Extra fields of the error body (insufficient_space: needed, available; in_use: usedBy). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string) {
    super('bad_request', 400, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not_found', 404, message);
  }
}

export class ConflictError extends AppError {
  constructor(id: string, message: string) {
    super(id, 409, message);
  }
}

const size = (bytes: number) => `${bytes} bytes (${(bytes / 1024 ** 3).toFixed(2)} GiB)`;

/** The operation would write more bytes than the target pool has free: refused before it runs. */
export class InsufficientSpaceError extends AppError {
  constructor(what: string, pool: string, needed: number, available: number) {
    super(
      'insufficient_space',
      409,
      `not enough space in pool ${JSON.stringify(pool)}: ${what} needs ${size(needed)}, ${size(available)} available`,
      { needed, available },
    );
  }
}

export class HostUnreachableError extends AppError {
  constructor(message: string) {
    super('host_unreachable', 503, message);
  }
}

/** libvirt refused or failed an operation; the message is libvirt's own. */
export class LibvirtError extends AppError {
  constructor(message: string) {
    super('libvirt_error', 502, message);
  }
}

/** The request is valid but the host or pool type cannot do it (trim on a dir pool...). */
export class UnsupportedError extends AppError {
  constructor(message: string) {
    super('unsupported', 400, message);
  }
}

/** A Poolwatch host script (byte mover, probe) failed on the host. */
export class HostScriptError extends AppError {
  constructor(message: string) {
    super('host_error', 502, message);
  }
}

/** A delete, wipe or shrink of a volume something uses; `?force=true` overrides. */
export class InUseError extends AppError {
  constructor(
    message: string,
    readonly usedBy: VolumeUser[],
  ) {
    super('in_use', 409, message, { usedBy });
  }
}
