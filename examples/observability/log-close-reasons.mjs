// Logs why upstream connections close, from the diagnostics channel (no reference to the
// agent needed: any agent in the process publishes there), and summarises at the end.
//
//   npm run build && node examples/observability/log-close-reasons.mjs
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import { CHANNEL_NAMES, HttpAgent } from '../../dist/esm/index.mjs';

const byReason = {};
diagnosticsChannel.subscribe(CHANNEL_NAMES.socketClosed, ({ origin, reason, requests, age }) => {
  byReason[reason] = (byReason[reason] ?? 0) + 1;
  console.log(`closed ${origin} reason=${reason} requests=${requests} age=${Math.round(age)}ms`);
});

// A backend that asks for every 7th connection to close and keeps idle connections 2 s.
let served = 0;
const backend = http.createServer((req, res) => {
  if (++served % 7 === 0) res.setHeader('Connection', 'close');
  res.end('ok');
});
backend.keepAliveTimeout = 2000; // hints Keep-Alive: timeout=2
await new Promise((r) => backend.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${backend.address().port}/`;

const agent = new HttpAgent({ maxRequestsPerSocket: 10, limitJitter: 0, maxIdleSockets: 2 });
const get = () =>
  new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
  });

await Promise.all(Array.from({ length: 4 }, async () => {
  for (let i = 0; i < 15; i++) await get();
}));
// Idle sockets close about a second before the server's hinted 2 s timeout.
await new Promise((r) => setTimeout(r, 1500));
await agent.close();
backend.close();
console.log(JSON.stringify({ example: 'log-close-reasons', closed: byReason, requests: agent.getStats().requests }));
