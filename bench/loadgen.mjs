// The load generator of the benchmark, in its own process (started by bench/run.mjs).
//
// Modes (the configuration comes with the orchestrator's {type: 'go', config} message):
//  - 'autocannon': autocannon (as a library) with `connections` keep-alive clients for
//    warmupMs + measureMs; only the responses of the measured window count.
//  - 'close': clients that send `Connection: close`, one TCP connection per request (see
//    bench/README.md for why this one is not autocannon: autocannon 9 writes its next request
//    onto the connection the server is closing, which distorts latency).
//  - 'bursts': bursts of `burstRequests` requests separated by idle gaps (`gapsMs`), from
//    clients that keep their connections to the proxy (see runBursts for why not autocannon);
//    the first burst is the warm-up.
// The measured window is opened and closed by {type: 'mark'} messages: the orchestrator then
// takes its snapshots of the proxy and the backend and answers {type: 'marked'}.
// Latency is recorded per response in microseconds (autocannon's own histogram rounds to ms).
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { Window, ipcMarks, warmUp } from './window.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

// The configuration comes with the 'go' message (the process is started before the proxy it
// will load exists, to save time between runs).
let config;

const mark = ipcMarks();

function startAutocannon(options, window) {
  let done;
  const finished = new Promise((resolve, reject) => {
    done = (err, res) => (err ? reject(err) : resolve(res));
  });
  const instance = autocannon({ sampleInt: 100, timeout: 10, ...options }, done);
  instance.on('response', (_client, status, _bytes, latencyMs) => window.response(status, latencyMs));
  instance.on('reqError', (err) => window.error(err));
  return { instance, finished };
}

async function runAutocannon() {
  const w = new Window();
  const { instance, finished } = startAutocannon(
    { url: config.url, connections: config.connections, duration: (config.warmupMs + (config.warmupMaxMs ?? 0) + config.measureMs) / 1000 + 60 },
    w,
  );
  const warmup = await warmUp(w, config);
  await mark('start');
  w.start();
  await sleep(config.measureMs);
  w.stop();
  await mark('end');
  instance.stop();
  await finished;
  return { ...w.result(), warmup };
}

/**
 * Bursts separated by idle gaps. Not autocannon here: it opens new client connections for each
 * run and takes tens of milliseconds to start, which blurs the idle gap this scenario is about.
 * These clients keep their connections to the proxy open (Node's keepalive agent, one socket per
 * client), so the upstream connections sit idle for the gap asked for, to about a millisecond.
 */
async function runBursts() {
  const w = new Window();
  const target = new URL(config.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });
  const get = () =>
    new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.get({ host: target.hostname, port: target.port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve([res.statusCode, performance.now() - t0]));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  const burst = async () => {
    let left = config.burstRequests;
    await Promise.all(
      Array.from({ length: config.connections }, async () => {
        while (left > 0) {
          left--;
          try {
            const [status, ms] = await get();
            w.response(status, ms);
          } catch (err) {
            w.error(err);
          }
        }
      }),
    );
  };
  await burst(); // warm-up: the pool is filled
  await mark('start');
  for (const gap of config.gapsMs) {
    await sleep(gap);
    w.start();
    await burst();
    w.stop();
  }
  await mark('end');
  return w.result();
}

/** One request on a new connection, `Connection: close`; resolves with [status, ms]. */
function closeRequest(port, request) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = net.connect(port, '127.0.0.1');
    let head = '';
    let status = 0;
    socket.setNoDelay(true);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      if (status === 0) {
        head += chunk.toString('latin1');
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
        if (m) status = Number(m[1]);
      }
    });
    // The server closes the connection after its response (the client asked it to).
    socket.on('end', () => {
      socket.destroy();
      if (status === 0) reject(Object.assign(new Error('connection closed without a response'), { code: 'NO_RESPONSE' }));
      else resolve([status, performance.now() - t0]);
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(Object.assign(new Error('request timed out'), { code: 'TIMEOUT' })));
  });
}

async function runClose() {
  const w = new Window();
  const request = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${config.port}\r\nConnection: close\r\n\r\n`;
  let stopping = false;
  const worker = async () => {
    while (!stopping) {
      try {
        const [status, ms] = await closeRequest(config.port, request);
        w.response(status, ms);
      } catch (err) {
        w.error(err);
      }
    }
  };
  const workers = Array.from({ length: config.connections }, worker);
  const warmup = await warmUp(w, config);
  await mark('start');
  w.start();
  await sleep(config.measureMs);
  w.stop();
  await mark('end');
  stopping = true;
  await Promise.all(workers);
  return { ...w.result(), warmup };
}

const modes = { autocannon: runAutocannon, bursts: runBursts, close: runClose };
process.send({ type: 'ready' });
config = await new Promise((resolve) => {
  const onGo = (msg) => {
    if (msg.type !== 'go') return;
    process.off('message', onGo);
    resolve(msg.config);
  };
  process.on('message', onGo);
});
const result = await modes[config.mode]();
process.send({ type: 'result', result });
