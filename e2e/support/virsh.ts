/**
 * Ground truth straight from virsh on the local socket: the helpers live once, in
 * @poolwatch/host-truth (shared with the integration tests); this file keeps e2e's imports.
 */
export {
  decodeVirshEscapes,
  parseVolXml,
  poolInfo,
  poolNames,
  stableXml,
  tryVirsh,
  virsh,
  volInfo,
  volNames,
  volTruth,
  xmlUnescape,
  type PoolInfo,
  type VolumeTruth,
} from '@poolwatch/host-truth';
