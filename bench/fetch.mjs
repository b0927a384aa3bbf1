// fetch() and undici.request through the dispatchers, measured so that a noisy machine cancels out:
//
//   npm run build && node bench/fetch.mjs [--batches 16] [--requests 2000] [--connections 32]
//                                         [--gaps 4] [--dist <dir of the CommonJS build>] [--json]
//
// `npm run bench` runs it too (its "fetch" step, on the bench's copy of the build) and reports it
// in docs/benchmarks.md; --json prints the figures as one JSON line at the end.
//
// The backend runs in a child process (this process is the client: its CPU time is the
// dispatcher's cost). Batches of requests go through each contender in turn, the order rotated
// batch by batch, `connections` requests in flight (a closed loop):
//
//   fetch+ours      Node's built-in fetch(url, { dispatcher: new KeepAliveDispatcher() }), every option at its default
//   fetch+default   Node's built-in fetch(url): its own global dispatcher (the undici Agent bundled with Node)
//   fetch+pool      Node's built-in fetch(url, { dispatcher: new undici.Pool(origin, { connections }) })
//   request+ours    undici.request(url, { dispatcher: new KeepAliveDispatcher() })
//   request+agent   undici.request(url, { dispatcher: new undici.Agent() }) (undici's default dispatcher)
//
// Ratios are per batch, to the peer in the same turn: fetch+default for the fetch contenders,
// request+agent for request+ours. Then the short-keepalive check: a backend that closes an idle
// connection exactly 5 s after its last response (and says so, `Keep-Alive: timeout=5`); bursts
// of requests separated by idle gaps just under 5 s, ours and the default side by side.
import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { forkServer, numberOption, serveParent } from './child-server.mjs';
import { median, quartiles, rotatedBatches } from './stats.mjs';

const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);

if (argv[0] === '--backend') {
  // The backend: 128-byte answers; with a strict idle timeout, an idle connection is closed
  // exactly that long after its last response.
  const strictIdleMs = Number(argv[1] ?? 0);
  const body = Buffer.alloc(128, 'x');
  const server = http.createServer((req, res) => {
    req.resume();
    // With a strict idle timeout, the hint the clients see is that timeout (the close below is the real one).
    if (strictIdleMs > 0) res.setHeader('keep-alive', `timeout=${Math.round(strictIdleMs / 1000)}`);
    res.writeHead(200, { 'content-length': body.length });
    res.end(body);
    if (strictIdleMs > 0) {
      const socket = req.socket;
      res.on('finish', () => {
        clearTimeout(socket.strictIdle);
        socket.strictIdle = setTimeout(() => socket.destroy(), strictIdleMs);
      });
      socket.on('data', () => clearTimeout(socket.strictIdle));
    }
  });
  server.keepAliveTimeout = strictIdleMs > 0 ? strictIdleMs + 60_000 : 65_000;
  serveParent(server);
} else {
  await main();
}

async function main() {
  const opt = (name, dflt) => numberOption(argv, name, dflt);
  const distIndex = argv.indexOf('--dist');
  const dist = distIndex >= 0 ? argv[distIndex + 1] : fileURLToPath(new URL('../dist/cjs', import.meta.url));
  const { KeepAliveDispatcher } = require(`${dist}/undici/index.js`);
  const undici = require('undici');
  const BATCHES = opt('batches', 16);
  const REQUESTS = opt('requests', 2000);
  const CONNECTIONS = opt('connections', 32);
  const GAPS = opt('gaps', 4);

  const backend = await startBackend(0);
  const url = `http://127.0.0.1:${backend.port}/`;
  const origin = new URL(url).origin;

  const ours = new KeepAliveDispatcher();
  const oursForRequest = new KeepAliveDispatcher();
  const pool = new undici.Pool(origin, { connections: CONNECTIONS });
  const agent = new undici.Agent();
  const drain = async (res) => {
    await res.arrayBuffer();
    return res.status;
  };
  const contenders = {
    'fetch+ours': () => fetch(url, { dispatcher: ours }).then(drain),
    'fetch+default': () => fetch(url).then(drain),
    'fetch+pool': () => fetch(url, { dispatcher: pool }).then(drain),
    'request+ours': () => undici.request(url, { dispatcher: oursForRequest }).then(async (r) => (await r.body.arrayBuffer(), r.statusCode)),
    'request+agent': () => undici.request(url, { dispatcher: agent }).then(async (r) => (await r.body.arrayBuffer(), r.statusCode)),
  };
  const peers = { 'fetch+ours': 'fetch+default', 'fetch+default': 'fetch+default', 'fetch+pool': 'fetch+default', 'request+ours': 'request+agent', 'request+agent': 'request+agent' };

  async function batch(send) {
    let left = REQUESTS;
    let errors = 0;
    const latencies = [];
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (left > 0) {
          left--;
          const s = performance.now();
          try {
            const status = await send();
            if (status !== 200) errors++;
          } catch {
            errors++;
          }
          latencies.push(performance.now() - s);
        }
      }),
    );
    const wall = performance.now() - t0;
    const u = process.cpuUsage(u0);
    latencies.sort((a, b) => a - b);
    return {
      reqPerSec: REQUESTS / (wall / 1000),
      p50Ms: latencies[Math.floor(latencies.length * 0.5)],
      p99Ms: latencies[Math.floor(latencies.length * 0.99)],
      cpuPerRequestMicros: (u.user + u.system) / REQUESTS,
      errors,
    };
  }

  const names = Object.keys(contenders);
  for (const name of names) await batch(contenders[name]); // warm-up: pools filled, code optimised
  for (const name of names) await batch(contenders[name]);
  const runs = await rotatedBatches(names, BATCHES, (name) => batch(contenders[name]));
  const result = { batches: BATCHES, requests: REQUESTS, connections: CONNECTIONS, node: process.version, undici: require('undici/package.json').version, contenders: {} };
  for (const name of names) {
    const peer = peers[name];
    const ratio = (metric) => quartiles(runs[name].map((r, i) => r[metric] / runs[peer][i][metric]));
    result.contenders[name] = {
      peer,
      reqPerSec: median(runs[name].map((r) => r.reqPerSec)),
      p99Ms: median(runs[name].map((r) => r.p99Ms)),
      cpuPerRequestMicros: median(runs[name].map((r) => r.cpuPerRequestMicros)),
      errors: runs[name].reduce((s, r) => s + r.errors, 0),
      reqPerSecRatio: ratio('reqPerSec'),
      p99Ratio: ratio('p99Ms'),
      cpuRatio: ratio('cpuPerRequestMicros'),
    };
  }
  result.oursStats = ours.getStats();

  // Short keepalive: both dispatchers side by side, each against its own strict backend.
  const gapsMs = [4975, 4985, 4990, 4995, 5000].slice(0, GAPS);
  const shortRun = async (makeSend) => {
    const b = await startBackend(5000);
    const target = `http://127.0.0.1:${b.port}/`;
    const send = makeSend(target);
    let errors = 0;
    let requests = 0;
    const burst = async () => {
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          for (let k = 0; k < 8; k++) {
            requests++;
            try {
              if ((await send()) !== 200) errors++;
            } catch {
              errors++;
            }
          }
        }),
      );
    };
    await burst();
    for (const gap of gapsMs) {
      await new Promise((r) => setTimeout(r, gap));
      await burst();
    }
    b.stop();
    return { requests, errors };
  };
  const shortOurs = new KeepAliveDispatcher();
  const [shortKeepAliveOurs, shortKeepAliveDefault] = await Promise.all([
    shortRun((target) => () => fetch(target, { dispatcher: shortOurs }).then(drain)),
    shortRun((target) => () => fetch(target).then(drain)),
  ]);
  result.shortKeepAlive = { gapsMs, ours: shortKeepAliveOurs, default: shortKeepAliveDefault, oursStats: shortOurs.getStats() };

  console.log(`${BATCHES} batches × ${REQUESTS} requests per contender, ${CONNECTIONS} in flight (Node ${process.version}, undici ${result.undici})`);
  console.log('contender        req/s    × peer (median, IQR)        p99 ms   × peer            CPU µs/req  × peer   errors');
  const iqr = (q) => `${q.median.toFixed(3)} (${q.q25.toFixed(3)}–${q.q75.toFixed(3)})`;
  for (const name of names) {
    const c = result.contenders[name];
    console.log(
      `${name.padEnd(16)} ${Math.round(c.reqPerSec).toString().padStart(6)}   ${iqr(c.reqPerSecRatio).padEnd(26)} ${c.p99Ms.toFixed(2).padStart(6)}   ${c.p99Ratio.median.toFixed(3).padEnd(16)} ${c.cpuPerRequestMicros.toFixed(1).padStart(6)}     ${c.cpuRatio.median.toFixed(3)}    ${c.errors}`,
    );
  }
  console.log(
    `short keepalive (gaps ${gapsMs.join('/')} ms): ours ${shortKeepAliveOurs.errors} errors in ${shortKeepAliveOurs.requests}, ` +
      `Node's default ${shortKeepAliveDefault.errors} errors in ${shortKeepAliveDefault.requests}`,
  );
  if (argv.includes('--json')) console.log(JSON.stringify(result));
  await Promise.all([ours.close(), oursForRequest.close(), shortOurs.close(), pool.close(), agent.close()]);
  backend.stop();
}

/** The backend child process; resolves with its port and a stop(). */
function startBackend(strictIdleMs) {
  return forkServer(fileURLToPath(import.meta.url), ['--backend', String(strictIdleMs)]);
}
