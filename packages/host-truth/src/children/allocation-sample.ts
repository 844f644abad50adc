// Child process of AllocationSampler: prints "<epoch ms> <allocated bytes>" for the file in
// argv[2] every 30 ms, after a first "ready" line, until its stdin ends. A process of its own
// so a busy test runner (driving a browser) cannot delay the samples.
import { statSync } from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: allocation-sample.js FILE');

const tick = () => {
  try {
    process.stdout.write(`${Date.now()} ${statSync(file).blocks * 512}\n`);
  } catch {
    // not there yet, or gone: no sample
  }
};
setInterval(tick, 30);
process.stdin.on('end', () => process.exit(0)).resume();
process.stdout.write('ready\n');
