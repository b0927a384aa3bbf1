/**
 * The keep-alive close race: a backend closes idle connections at 1 s; a client sends
 * sequential requests after idle gaps drawn around that timeout (900–1100 ms, seeded), so some
 * requests are written just as the server closes. Errors are counted for Node's own
 * `http.Agent({ keepAlive: true })` and for ours, against a backend that gives no hint and one
 * that sends `Keep-Alive: timeout=1`.
 *
 * The backends run in a child process (the fault server, transpiled on the fly), so the
 * server's timer and the client's request meet in real time, not in one event loop where a
 * stall would fire both in the same timers phase.
 *
 * By default a short variant runs (8 requests per configuration, the four configurations in
 * parallel, about 10 s). `RACE_LONG=1` runs 40 requests (about 45 s, bounded at 60 s);
 * `RACE_SEED=<n>` changes the gaps; `RACE_REPORT=1` prints the figures (always printed in the
 * long variant). Figures are recorded in docs/reliability.md.
 *
 * Asserted (guaranteed): with the hint, ours has no error (hint 1 s minus the 1 s buffer: the
 * socket is never pooled); every error any agent gets is a request on a reused socket that
 * failed before any response, which `isRetryableReuseError` accepts; our stats add up and
 * `close()` leaves nothing. Without the hint the count is reported, not asserted: it depends on
 * where the gaps fall against the server's timer.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HttpAgent, isRetryableReuseError } from '../lib';
import { type KeepAlivePolicy, pause, send } from './helpers/fault-server';

const LONG = process.env.RACE_LONG === '1';
const REQUESTS = LONG ? 40 : 8;
const BUDGET_MS = LONG ? 60_000 : 20_000;
const SEED = Number(process.env.RACE_SEED ?? 20251125);
const REPORT = LONG || process.env.RACE_REPORT === '1';

jest.setTimeout(BUDGET_MS + 20_000);

/** mulberry32: a small seeded PRNG, so every run of a seed draws the same gaps. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Figures {
  config: string;
  requests: number;
  reused: number;
  errors: number;
  /** Error codes / messages, counted. */
  kinds: Record<string, number>;
  /** Errors `isRetryableReuseError` accepts. */
  retryable: number;
  /** Server side: requests that arrived on a connection idle for 1000 ms or more. */
  lateOnServer: number;
  elapsedMs: number;
}

type AgentKind = 'node' | 'ours';

/** What the backend process reports per server when told to stop. */
interface ServerReport {
  connections: number;
  requests: number;
  /** Requests that arrived on a connection idle for 1000 ms or more. */
  late: number;
  /** Connections the server closed at its idle timeout. */
  idleCloses: number;
}

/** The backend process: fault servers with the given policies; prints their ports, then (on stdin EOF) a report. */
const BACKEND_SCRIPT = `
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const ts = require('typescript');
const dir = mkdtempSync(join(tmpdir(), 'race-backend-'));
const file = join(dir, 'fault-server.js');
const source = readFileSync(process.env.FAULT_SERVER, 'utf8');
const options = { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } };
writeFileSync(file, ts.transpileModule(source, options).outputText);
const { FaultServer } = require(file);
rmSync(dir, { recursive: true, force: true });
(async () => {
  const servers = await Promise.all(JSON.parse(process.env.POLICIES).map((keepAlive) => FaultServer.start({ keepAlive })));
  process.stdout.write(JSON.stringify(servers.map((s) => s.port)) + '\\n');
  process.stdin.on('end', async () => {
    const report = servers.map((s) => ({
      connections: s.connections.length,
      requests: s.requests.length,
      late: s.requests.filter((r) => r.index > 1 && r.idleBefore >= 1000).length,
      idleCloses: s.connections.filter((c) => c.actions.some((a) => a.startsWith('idle-close'))).length,
    }));
    for (const s of servers) await s.close();
    process.stdout.write(JSON.stringify(report) + '\\n');
    process.exit(0);
  });
  process.stdin.resume();
})();
`;

/** Starts the backend process; resolves with its ports, a way to stop it (and get its report), and a kill switch. */
async function startBackends(policies: readonly KeepAlivePolicy[]): Promise<{ ports: number[]; stop: () => Promise<ServerReport[]>; kill: () => void }> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', BACKEND_SCRIPT], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, FAULT_SERVER: join(__dirname, 'helpers', 'fault-server.ts'), POLICIES: JSON.stringify(policies) },
  });
  let out = '';
  let err = '';
  const lines: string[] = [];
  let waiter: (() => void) | undefined;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    let i: number;
    while ((i = out.indexOf('\n')) !== -1) {
      lines.push(out.slice(0, i));
      out = out.slice(i + 1);
    }
    waiter?.();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextLine = (ms: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`backend process: no output within ${ms} ms\n${err}`)), ms);
      const check = (): void => {
        const line = lines.shift();
        if (line === undefined) return;
        clearTimeout(timer);
        waiter = undefined;
        resolve(line);
      };
      waiter = check;
      check();
      void exited.then(() => setImmediate(() => lines.length === 0 && reject(new Error(`backend process exited\n${err}`))));
    });
  const kill = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  try {
    const ports = JSON.parse(await nextLine(15_000)) as number[];
    return {
      ports,
      kill,
      stop: async () => {
        child.stdin.end();
        const report = JSON.parse(await nextLine(5000)) as ServerReport[];
        await exited;
        return report;
      },
    };
  } catch (e) {
    kill();
    await exited;
    throw e;
  }
}

async function runConfig(kind: AgentKind, policy: KeepAlivePolicy, port: number, gaps: readonly number[], deadline: number): Promise<Figures> {
  const agent = kind === 'node' ? new http.Agent({ keepAlive: true }) : new HttpAgent();
  const url = `http://127.0.0.1:${port}/ok`;
  const started = performance.now();
  const figures: Figures = {
    config: `${kind === 'node' ? "Node's http.Agent" : 'HttpAgent'}, ${policy.hint === undefined ? 'no hint' : `Keep-Alive: timeout=${policy.hint}`}`,
    requests: 0,
    reused: 0,
    errors: 0,
    kinds: {},
    retryable: 0,
    lateOnServer: 0,
    elapsedMs: 0,
  };
  try {
    for (let i = 0; i < gaps.length && performance.now() < deadline; i++) {
      const o = await send(agent, url, { deadline: 5000 });
      figures.requests++;
      if (o.reusedSocket) figures.reused++;
      expect(o.kind === 'response' || o.kind === 'error').toBe(true);
      if (o.kind === 'error') {
        figures.errors++;
        const k = `${o.error?.code ?? '?'}: ${o.error?.message ?? ''}`;
        figures.kinds[k] = (figures.kinds[k] ?? 0) + 1;
        if (isRetryableReuseError(o.error, o.req)) figures.retryable++;
      }
      if (i < gaps.length - 1) await pause(gaps[i]!);
    }
    if (agent instanceof HttpAgent) {
      const s = agent.getStats();
      expect(s.created).toBe(Object.values(s.closed).reduce((a, b) => a + b, 0) + s.active + s.idle);
      expect(s.requests).toBe(figures.requests);
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([agent.close().then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 3000)))]);
      clearTimeout(timer);
      expect(closed).toBe(true);
      expect(agent.getStats()).toMatchObject({ active: 0, idle: 0 });
      expect(agent.sockets).toEqual({});
      expect(agent.freeSockets).toEqual({});
    }
  } finally {
    agent.destroy();
  }
  figures.elapsedMs = Math.round(performance.now() - started);
  return figures;
}

test(`keep-alive close race: ${REQUESTS} requests after idle gaps of 900–1100 ms against a 1 s server timeout (seed ${SEED})`, async () => {
  const random = prng(SEED);
  const gaps = Array.from({ length: REQUESTS }, () => 900 + Math.round(random() * 200));
  const deadline = performance.now() + BUDGET_MS;
  const noHint: KeepAlivePolicy = { ms: 1000 };
  const hint: KeepAlivePolicy = { ms: 1000, hint: 1 };
  const configs: Array<[AgentKind, KeepAlivePolicy]> = [
    ['node', noHint],
    ['ours', noHint],
    ['node', hint],
    ['ours', hint],
  ];
  const backends = await startBackends(configs.map(([, policy]) => policy));
  let all: Figures[];
  try {
    // The four configurations run side by side (separate servers and agents, the same gaps).
    all = await Promise.all(configs.map(([kind, policy], i) => runConfig(kind, policy, backends.ports[i]!, gaps, deadline)));
    const reports = await backends.stop();
    reports.forEach((r, i) => {
      all[i]!.lateOnServer = r.late;
      // The server read at most the requests sent (one that crossed its close may never have been read).
      expect(r.requests).toBeLessThanOrEqual(all[i]!.requests);
    });
  } finally {
    backends.kill();
  }
  const oursHint = all[3]!;
  if (REPORT) {
    // eslint-disable-next-line no-console
    console.log(`race figures (seed ${SEED}, ${REQUESTS} requests, gaps ${Math.min(...gaps)}–${Math.max(...gaps)} ms)\n${JSON.stringify(all, null, 2)}`);
  }
  for (const f of all) {
    expect(f.requests).toBeGreaterThanOrEqual(Math.min(REQUESTS, 5));
    // Every error is the reuse race: a reused socket, no response, a GET.
    expect({ config: f.config, retryable: f.retryable }).toEqual({ config: f.config, retryable: f.errors });
    expect(f.errors).toBeLessThanOrEqual(f.reused);
  }
  // With the hint, ours never reuses a socket the server may be closing: hint 1 s − buffer 1 s = 0.
  expect({ errors: oursHint.errors, reused: oursHint.reused, late: oursHint.lateOnServer }).toEqual({ errors: 0, reused: 0, late: 0 });
  // Without the hint both agents reuse sockets after gaps under 1 s and are exposed to the race:
  // the figures are reported, not asserted (they depend on where the gaps fall).
});
