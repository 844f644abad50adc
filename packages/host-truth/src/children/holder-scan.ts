// Child process of HolderWatch: scans /proc for what holds the paths given as JSON in argv[2]
// ({ paths, needles }), one JSON line per pass ({ s, e, h }: start and end in epoch ms, and
// the holders found), until its stdin ends. A process of its own so that the test runner's
// busy event loop cannot leave gaps between passes.
import { activityOn, describeActivity } from '../proc.js';

const { paths, needles } = JSON.parse(process.argv[2] ?? '{}') as {
  paths: string[];
  needles: string[];
};
let stop = false;
process.stdin.on('end', () => (stop = true)).resume();

function pass(): void {
  if (stop) process.exit(0);
  const s = Date.now();
  const h = describeActivity(activityOn(paths, needles));
  process.stdout.write(`${JSON.stringify({ s, e: Date.now(), h })}\n`);
  // Yield to the event loop so stdin's end is seen; a scan takes a few ms already.
  setImmediate(pass);
}
pass();
