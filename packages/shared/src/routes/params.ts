import { z } from 'zod';
import { UsernameSchema } from '../auth.js';
import { HostIdSchema, PoolNameSchema, VolumeNameSchema } from '../names.js';
import type { ParamSpec } from './contract.js';

/** Path parameters shared by many routes; the label is how a 400 names a bad one. */
export const hostIdParam: ParamSpec = { schema: HostIdSchema, label: 'host id' };
export const poolParam: ParamSpec = { schema: PoolNameSchema, label: 'pool name' };
export const volumeParam: ParamSpec = { schema: VolumeNameSchema, label: 'volume name' };
export const userNameParam: ParamSpec = { schema: UsernameSchema, label: 'user name' };
/** Job and kiosk-token ids are looked up as given: an unknown one is a 404, not a 400. */
export const opaqueIdParam = (label: string): ParamSpec => ({ schema: z.string(), label });
