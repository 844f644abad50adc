import {
  isCarriedName,
  NAME_RULES,
  PoolNameSchema,
  poolTargetProblem,
  type DefinePoolRequest,
} from '@poolwatch/shared';
import { BadRequestError, ConflictError } from '../errors.js';
import type { JobSpec } from '../jobs/job-spec.js';
import { buildPoolXml } from '../libvirt/builders/pool-xml.js';
import { parsePoolDefineXml } from '../libvirt/parsers/pool-define-xml.parser.js';
import { listPoolUuids } from '../libvirt/pools.js';
import type { HostStorage } from './host-storage.js';
import { poolJob } from './pool-jobs.js';
import { poolAutostart, poolDefine, poolVerb } from '../libvirt/storage-verbs.js';

/**
 * pool-define from the form or from raw XML. Both go through the same checks on what
 * libvirt will read (parsePoolDefineXml): a name a job can carry, a target path that is
 * absolute, normalised and not a system directory, and no name or UUID of a pool that
 * exists (pool-define would silently replace that pool's definition).
 */
export async function definePoolJob(
  storage: HostStorage,
  req: DefinePoolRequest,
): Promise<JobSpec> {
  const xml = 'xml' in req ? req.xml : buildPoolXml(req);
  const parsed = parsePoolDefineXml(xml);
  if (!parsed.ok) throw new BadRequestError(parsed.why);
  const { name, uuid, type, targetPath } = parsed.facts;
  const nameCheck = PoolNameSchema.safeParse(name);
  if (!nameCheck.success) {
    throw new BadRequestError(
      `pool name ${JSON.stringify(name)}: ${nameCheck.error.issues[0]?.message}`,
    );
  }
  if (!isCarriedName(name)) {
    throw new BadRequestError(`pool name ${JSON.stringify(name)}: ${NAME_RULES.carried}`);
  }
  if (targetPath !== null) {
    const problem = poolTargetProblem(type ?? 'unknown', targetPath);
    if (problem !== null) throw new BadRequestError(`target path ${problem}`);
  }
  const existing = await storage.pool(name).catch((error: { status?: number }) => {
    if (error.status === 404) return null;
    throw error;
  });
  if (existing) throw new ConflictError('conflict', `a pool named ${JSON.stringify(name)} exists`);
  if (uuid !== null && (await listPoolUuids(storage.connection.virsh)).includes(uuid)) {
    throw new ConflictError('conflict', `a pool with UUID ${uuid} exists`);
  }
  const form = 'xml' in req ? null : req;
  return poolJob(
    storage,
    name,
    form
      ? {
          kind: 'pool.define',
          type: form.type,
          build: form.build,
          start: form.start,
          autostart: form.autostart,
        }
      : { kind: 'pool.define', xml: true },
    'pool-define, pool-build and pool-start are libvirt calls that cannot be aborted',
    async () => {
      await storage.virshWithXml(xml, (xmlFile) => poolDefine({ xmlFile }));
      if (!form) return;
      const defined = await storage.pool(name);
      if (form.build) await storage.virsh(poolVerb('pool-build', defined.uuid));
      if (form.start) await storage.virsh(poolVerb('pool-start', defined.uuid));
      if (form.autostart) await storage.virsh(poolAutostart({ pool: defined.uuid, enabled: true }));
    },
  );
}
