// Exports an agent's pool statistics as Prometheus metrics with prom-client, the way a gateway
// would on its /metrics endpoint. Runs a short load against a local backend, scrapes once,
// prints the metrics text, and exits.
//
//   npm run build && node examples/observability/prometheus.mjs
import http from 'node:http';
import client from 'prom-client';
import { CLOSE_REASONS, HttpAgent } from '../../dist/esm/index.mjs';

const agent = new HttpAgent({ maxRequestsPerSocket: 20, maxSockets: 8 });
const registry = new client.Registry();

// Gauges read the live pool at scrape time; counters are exported as gauges of monotonically
// growing totals via `collect()`, so the agent stays the single source of truth.
const labels = ['origin'];
const gauges = {
  active: new client.Gauge({ name: 'upstream_keepalive_active_sockets', help: 'Sockets bound to a request', labelNames: labels }),
  idle: new client.Gauge({ name: 'upstream_keepalive_idle_sockets', help: 'Idle sockets in the pool', labelNames: labels }),
  queued: new client.Gauge({ name: 'upstream_keepalive_queued_requests', help: 'Requests waiting for a socket', labelNames: labels }),
  connecting: new client.Gauge({ name: 'upstream_keepalive_connecting_sockets', help: 'Connections being established', labelNames: labels }),
  oldestQueued: new client.Gauge({ name: 'upstream_keepalive_oldest_queued_seconds', help: 'Longest current queue wait', labelNames: labels }),
};
const totals = {
  created: new client.Counter({ name: 'upstream_keepalive_sockets_created_total', help: 'Connections opened', labelNames: labels }),
  reused: new client.Counter({ name: 'upstream_keepalive_requests_reused_total', help: 'Requests sent on a reused connection', labelNames: labels }),
  requests: new client.Counter({ name: 'upstream_keepalive_requests_total', help: 'Requests started', labelNames: labels }),
  closed: new client.Counter({ name: 'upstream_keepalive_sockets_closed_total', help: 'Connections closed, by reason', labelNames: [...labels, 'reason'] }),
};
for (const m of [...Object.values(gauges), ...Object.values(totals)]) registry.registerMetric(m);

/** Copies a stats snapshot into the metrics (counters are reset and set, as their source is cumulative). */
function collect() {
  const stats = agent.getStats();
  for (const m of Object.values(gauges)) m.reset();
  for (const m of Object.values(totals)) m.reset();
  for (const [origin, o] of Object.entries(stats.origins)) {
    gauges.active.set({ origin }, o.active);
    gauges.idle.set({ origin }, o.idle);
    gauges.queued.set({ origin }, o.queued);
    gauges.connecting.set({ origin }, o.connecting);
    gauges.oldestQueued.set({ origin }, o.oldestQueuedMs / 1000);
    totals.created.inc({ origin }, o.created);
    totals.reused.inc({ origin }, o.reused);
    totals.requests.inc({ origin }, o.requests);
    for (const reason of CLOSE_REASONS) if (o.closed[reason] > 0) totals.closed.inc({ origin, reason }, o.closed[reason]);
  }
}

const backend = http.createServer((req, res) => res.end('ok'));
await new Promise((r) => backend.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${backend.address().port}/`;
const get = () =>
  new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
  });

await Promise.all(Array.from({ length: 8 }, async () => {
  for (let i = 0; i < 50; i++) await get();
}));

collect();
const text = await registry.metrics();
process.stdout.write(text);
const requests = agent.getStats().requests;
console.log(JSON.stringify({ example: 'prometheus', requests, metrics: text.split('\n').filter((l) => l && !l.startsWith('#')).length }));

await agent.close();
backend.close();
