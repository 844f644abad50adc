/**
 * The flood of bench/signin-flood.bench.ts in a process of its own, so that the clients'
 * own work does not delay the measuring process's event loop (an attacker runs elsewhere).
 * argv: PORT CLIENTS. Prints `answered` once every client has had an answer; on SIGTERM
 * stops and prints the answers by status as one JSON line.
 */
import { Flood } from './lib/flood.js';

const [port, clients] = process.argv.slice(2).map(Number);
const flood = new Flood(port!, clients!);
const timer = setInterval(() => {
  if (flood.everyoneAnswered) {
    clearInterval(timer);
    console.log('answered');
  }
}, 50);
process.on('SIGTERM', () => {
  void flood.stop().then(() => {
    console.log(JSON.stringify(Object.fromEntries(flood.byStatus)));
    process.exit(0);
  });
});
