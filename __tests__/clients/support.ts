/**
 * Shared by the client integration tests: the bounded concurrent runner, the checks on what
 * the server saw, and the error scenarios (a busy agent, a TLS handshake that never ends).
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import { type AnyAgent, makeAgent } from '../helpers/agents';
import { type Protocol, TestServer, waitFor } from '../helpers/server';
import { type CloseReason, ErrorCodes, type HttpAgentOptions, type HttpsAgentOptions } from '../../lib';

/** Requests and concurrency of the pooling tests. */
export const REQUESTS = 200;
export const CONCURRENCY = 10;
/** `maxRequestsPerSocket` of the request-limit tests (with `limitJitter: 0`). */
export const LIMIT = 7;

/** Runs `total` calls of `fn`, `concurrency` at a time, failing after `timeoutMs`. */
export async function runConcurrently(total: number, concurrency: number, fn: (i: number) => Promise<unknown>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        if (Date.now() > deadline) throw new Error(`${total} requests not done within ${timeoutMs} ms`);
        await fn(next++);
      }
    }),
  );
}

/** True when a Connection header value has the `close` token. */
export function hasClose(value: IncomingHttpHeaders[string]): boolean {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.split(',').some((t) => t.trim().toLowerCase() === 'close');
}

/**
 * `total` requests reached the server over at most `CONCURRENCY` connections, and the agent
 * counts the same: one socket created per connection the server accepted, every other request reused one.
 */
export function expectPooled(server: TestServer, agent: AnyAgent, total = REQUESTS): void {
  expect(server.requests).toHaveLength(total);
  expect(server.connections.length).toBeGreaterThanOrEqual(1);
  expect(server.connections.length).toBeLessThanOrEqual(CONCURRENCY);
  const stats = agent.getStats();
  expect(stats.requests).toBe(total);
  expect(stats.created).toBe(server.connections.length);
  expect(stats.reused).toBe(total - server.connections.length);
}

/** The server never saw a `Connection: close`. */
export function expectNoConnectionClose(server: TestServer): void {
  expect(server.requests.filter((r) => hasClose(r.headers.connection)).map((r) => r.index)).toEqual([]);
}

/**
 * No connection carried more than `limit` requests; no request came with `Connection: close`
 * (a renewal is the agent's business, nothing the server or a proxy's client is told); every
 * connection that reached the limit was closed by the agent with reason `max_requests`.
 */
export async function expectRequestLimit(server: TestServer, agent: AnyAgent, limit = LIMIT): Promise<void> {
  const perConnection = server.perConnection();
  expect(Math.max(...perConnection)).toBe(limit);
  for (const r of server.requests) expect([r.index, hasClose(r.headers.connection)]).toEqual([r.index, false]);
  const reached = perConnection.filter((n) => n === limit).length;
  // At most CONCURRENCY connections are open at a time, so at most CONCURRENCY end the run short of the limit.
  expect(reached).toBeGreaterThanOrEqual(Math.ceil((server.requests.length - CONCURRENCY * (limit - 1)) / limit));
  await waitFor(() => agent.getStats().closed.max_requests === reached, 5000, `${reached} max_requests closes`);
  expect(agent.getStats().closed.max_requests).toBe(reached);
}

/** A test server whose `/slow` answers after `slowMs`, and its agent. */
export interface BusyAgent {
  server: TestServer;
  agent: AnyAgent;
  /** The request that holds the agent's only socket; settles when its response was read. */
  occupying: Promise<unknown>;
  close(): Promise<void>;
}

/**
 * An agent with `maxSockets: 1` (plus `options`) whose only socket is busy with a `/slow`
 * request the server has already received, so that the next request waits or is refused.
 * `occupy` sends that request with the client under test: Node's pool key (and so
 * `maxSockets`) depends on the options a client passes (superagent passes
 * `rejectUnauthorized`, for one), so the busy socket must be in the same pool as the request
 * that follows.
 */
export async function busyAgent(
  protocol: Protocol,
  options: HttpAgentOptions & HttpsAgentOptions,
  slowMs: number,
  occupy: (agent: AnyAgent, url: string) => Promise<unknown>,
): Promise<BusyAgent> {
  const server = await TestServer.start({
    protocol,
    handler: (req, res, seen) => {
      const reply = (): void => {
        res.end(`c${seen.connection}r${seen.index}`);
      };
      if (req.url === '/slow') setTimeout(reply, slowMs);
      else reply();
    },
  });
  const agent = await makeAgent(protocol, { maxSockets: 1, ...options });
  const occupying = occupy(agent, `${server.url}/slow`);
  await waitFor(() => server.requests.length === 1, 5000, 'the occupying request');
  return {
    server,
    agent,
    occupying,
    async close() {
      await occupying.catch(() => undefined);
      agent.destroy();
      await server.close();
    },
  };
}

/** A TCP server that accepts connections and never speaks: a TLS handshake with it never ends. */
export interface SilentServer {
  url: string;
  /** Connections accepted. */
  accepted: number;
  close(): Promise<void>;
}

export async function silentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  const result = { url: '', accepted: 0, close: async (): Promise<void> => undefined };
  const server = net.createServer((socket) => {
    result.accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  result.url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  result.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return result;
}

/** Awaits `promise`; returns what it rejected with, or fails the test if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the request to fail, and it succeeded');
}

// ---- the example scripts (examples/clients/*.mjs), run as child processes ----------------------

/** What a script printed and how it ended. */
export interface ScriptRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The last line of stdout that parses as a JSON object, if any. */
  json: unknown;
}

/** The last stdout line that parses as a JSON object. */
function lastJsonLine(stdout: string): unknown {
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{'));
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]!) as unknown;
    } catch {
      // not JSON: try the line before
    }
  }
  return undefined;
}

function runOnce(file: string, args: readonly string[], timeoutMs: number): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const failure = err as (Error & { code?: number | string; signal?: NodeJS.Signals | null }) | null;
      resolve({
        code: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
        signal: failure?.signal ?? null,
        stdout,
        stderr,
        json: lastJsonLine(stdout),
      });
    });
  });
}

/**
 * Runs `file` with `node` (process.execPath), killed after `timeoutMs`. The examples import the
 * built package (dist/); other engineers rebuild it while tests run (the build empties dist/
 * first), so a run that failed only because dist/ was missing is retried once, after a pause.
 */
export async function runScript(file: string, args: readonly string[] = [], timeoutMs = 60_000): Promise<ScriptRun> {
  const first = await runOnce(file, args, timeoutMs);
  if (first.code === 0 || !/ERR_MODULE_NOT_FOUND[\s\S]*dist[\\/]/.test(first.stderr)) return first;
  await new Promise((resolve) => setTimeout(resolve, 5000));
  return runOnce(file, args, timeoutMs);
}

/** What examples/_shared/loopback.mjs reports the backend saw. */
export interface BackendSummary {
  connections: number;
  requests: number;
  perConnection: number[];
  connectionCloseAt: number[];
}

/** getStats() totals as the examples print them: only the close reasons that occurred. */
export interface PrintedStats {
  created: number;
  reused: number;
  requests: number;
  active: number;
  idle: number;
  queued: number;
  closed: Partial<Record<CloseReason, number>>;
  warm: { opened: number; used: number; wasted: number };
}

export interface PrintedError {
  class: string | null;
  name: string | null;
  code: string | null;
  causeCode: string | null;
  /** node-fetch's FetchError#type. */
  type: string | null;
  message: string;
}

/** The JSON line of a client example (examples/_shared/loopback.mjs#runScenarios). */
export interface ScenarioReport {
  example: string;
  protocol: Protocol;
  requests: number;
  concurrency: number;
  pooled: { callerSent: string; server: BackendSummary; stats: PrintedStats };
  requestLimit: { maxRequestsPerSocket: number; server: BackendSummary; stats: PrintedStats };
  errors: {
    queueFull: { error: PrintedError | null; serverRequests: number; stats: PrintedStats };
    queueTimeout: { error: PrintedError | null; serverRequests: number; stats: PrintedStats };
    connectTimeout?: { error: PrintedError | null; serverConnections: number; stats: PrintedStats };
  };
}

/**
 * The checks of the jest client tests, on a client example's report: pooling within
 * CONCURRENCY connections with the caller's Connection: close stripped, the exact request
 * limit with Connection: close on each connection's last request, and the errors as
 * `errorClass` with the agent's codes.
 */
export function describeScenarioChecks(name: string, protocol: Protocol, report: () => ScenarioReport, errorClass: string): void {
  test(`${name}: ${REQUESTS} requests at concurrency ${CONCURRENCY}, each with Connection: close, use at most ${CONCURRENCY} connections and the server never sees the close`, () => {
    const r = report();
    expect(r).toMatchObject({ example: name, protocol, requests: REQUESTS, concurrency: CONCURRENCY });
    const { server, stats } = r.pooled;
    expect(server.requests).toBe(REQUESTS);
    expect(server.connections).toBeGreaterThanOrEqual(1);
    expect(server.connections).toBeLessThanOrEqual(CONCURRENCY);
    expect(server.perConnection.reduce((a, b) => a + b, 0)).toBe(REQUESTS);
    expect(server.connectionCloseAt).toEqual([]);
    expect(stats).toMatchObject({ requests: REQUESTS, created: server.connections, reused: REQUESTS - server.connections });
  });

  test(`${name}: maxRequestsPerSocket: ${LIMIT} holds, and the server is never asked to close`, () => {
    const { server, stats } = report().requestLimit;
    expect(server.requests).toBe(REQUESTS);
    expect(Math.max(...server.perConnection)).toBe(LIMIT);
    const reached = server.perConnection.filter((n) => n === LIMIT).length;
    expect(reached).toBeGreaterThanOrEqual(Math.ceil((REQUESTS - CONCURRENCY * (LIMIT - 1)) / LIMIT));
    expect(server.connectionCloseAt).toEqual([]);
    expect(stats).toMatchObject({ requests: REQUESTS });
    // Every connection the server saw was created by the agent; a warm replacement opened at the
    // end may not have reached the server (its handshake) when the example reports.
    expect(server.connections).toBeLessThanOrEqual(stats.created);
    expect(server.connections).toBeGreaterThanOrEqual(stats.created - stats.warm.opened);
    expect(stats.closed.max_requests).toBe(reached);
  });

  test(`${name}: a full queue and a queue timeout arrive as ${errorClass} with the agent's code; nothing is sent`, () => {
    const { queueFull, queueTimeout } = report().errors;
    expect(queueFull.error).toMatchObject({ class: errorClass, code: ErrorCodes.QUEUE_FULL });
    expect(queueFull.serverRequests).toBe(1);
    expect(queueFull.stats).toMatchObject({ requests: 1, created: 1 });
    expect(queueTimeout.error).toMatchObject({ class: errorClass, code: ErrorCodes.QUEUE_TIMEOUT });
    expect(queueTimeout.serverRequests).toBe(1);
    expect(queueTimeout.stats).toMatchObject({ requests: 1, created: 1 });
  });

  if (protocol === 'https') {
    test(`${name}: a TLS handshake that never ends arrives as ${errorClass} with the connect timeout code`, () => {
      const { connectTimeout } = report().errors;
      expect(connectTimeout?.error).toMatchObject({ class: errorClass, code: ErrorCodes.CONNECT_TIMEOUT });
      expect(connectTimeout?.serverConnections).toBe(1);
      expect(connectTimeout?.stats).toMatchObject({ created: 1, closed: { error: 1 } });
    });
  }
}
