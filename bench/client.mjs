// The "direct" scenario's client, in its own process (started by bench/run.mjs): no proxy, the
// agent under test is used by a plain `http.request` client that keeps `connections` requests
// in flight against the backend (a closed loop, like autocannon's). Here this process plays
// the proxy's part in the figures: its CPU time and peak RSS are the agent's cost.
//
// Configuration (JSON in argv[2]): { contender, tls, dist, agentOptions, connections, warmupMs,
// measureMs }; the backend's URL comes with {type: 'go', config: {target}}.
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { Window, ipcMarks, warmUp } from './window.mjs';

const require = createRequire(import.meta.url);
const AgentKeepAlive = require('agentkeepalive');

const config = JSON.parse(process.argv[2] ?? '{}');
// The orchestrator's copy of the build (see bench/run.mjs), or the project's.
const pkg = require(config.dist ?? '../dist/cjs/index.js');
const tls = config.tls === true;
const mod = tls ? https : http;
const mark = ipcMarks();

function makeAgent(contender) {
  switch (contender) {
    case 'none':
      return false; // a new connection per request, as http-proxy without an agent
    case 'node':
      return new mod.Agent({ keepAlive: true });
    case 'agentkeepalive':
      return tls ? new AgentKeepAlive.HttpsAgent() : new AgentKeepAlive();
    case 'ours':
      return tls ? new pkg.HttpsAgent(config.agentOptions) : new pkg.HttpAgent(config.agentOptions);
    default:
      throw new Error(`unknown contender ${contender}`);
  }
}
const agent = makeAgent(config.contender);
let target; // the backend's URL, with 'go'
// Responses, and those whose request went out on a connection opened for it (a handshake on
// the request's path), as bench/proxy.mjs counts them.
let responses = 0;
let onNewConnection = 0;

function get() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = mod.request(
      { host: target.hostname, port: target.port, path: '/', agent, rejectUnauthorized: false },
      (res) => {
        responses++;
        if (req.reusedSocket === false) onNewConnection++;
        res.resume();
        res.on('end', () => resolve([res.statusCode, performance.now() - t0]));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function snapshot() {
  const u = process.cpuUsage();
  return {
    cpuMicros: u.user + u.system,
    maxRssKiB: process.resourceUsage().maxRSS,
    errors: 0,
    errorCodes: {},
    upstreamResponses: responses,
    onNewConnection,
    agentStats: typeof agent?.getStats === 'function' ? agent.getStats() : null,
  };
}

const w = new Window();
let stopping = false;
async function worker() {
  while (!stopping) {
    try {
      const [status, ms] = await get();
      w.response(status, ms);
    } catch (err) {
      w.error(err);
    }
  }
}

process.send({ type: 'ready' });
target = await new Promise((resolve) => {
  const onGo = (msg) => {
    if (msg.type !== 'go') return;
    process.off('message', onGo);
    resolve(new URL(msg.config.target));
  };
  process.on('message', onGo);
});
const workers = Array.from({ length: config.connections }, worker);
const warmup = await warmUp(w, config);
await mark('start', { proxy: snapshot() });
w.start();
await sleep(config.measureMs);
w.stop();
await mark('end', { proxy: snapshot() });
stopping = true;
await Promise.all(workers);
process.send({ type: 'result', result: { ...w.result(), warmup } });
