/**
 * examples/fetch/fetch.mjs, run as a child process with this Node's built-in fetch() (in one
 * realm: the errors arrive as fetch's `cause`, our own classes): pooling with the caller's
 * `Connection: close` stripped, the request limit, the errors, sequential reuse, the global
 * dispatcher, undici's request(), and close() with fetches in flight, after which the process
 * exits by itself.
 */
import { join } from 'node:path';
import { ErrorCodes } from '../../lib';
import { CONCURRENCY, LIMIT, REQUESTS, runScript, type BackendSummary, type PrintedStats, type ScenarioReport } from '../clients/support';
import { PROTOCOLS } from '../helpers/server';

const SCRIPT = join(__dirname, '../../examples/fetch/fetch.mjs');

interface FetchReport extends ScenarioReport {
  sequential: { server: BackendSummary; stats: PrintedStats };
  global: { server: BackendSummary; stats: PrintedStats };
  undiciRequest: { statuses: number[]; server: BackendSummary; stats: PrintedStats };
  closeInFlight: { order: string[]; refusedAfterClose: { name: string; code: string } | null; server: BackendSummary; stats: PrintedStats };
}

describe.each(PROTOCOLS)('fetch() over %s (examples/fetch/fetch.mjs)', (protocol) => {
  let report: FetchReport;
  beforeAll(async () => {
    const run = await runScript(SCRIPT, protocol === 'https' ? ['--https'] : [], 60_000);
    if (run.code !== 0 || run.json === undefined) throw new Error(`the example failed (exit ${run.code}, ${run.signal}):\n${run.stderr}`);
    report = run.json as FetchReport;
  }, 90_000);

  test(`${REQUESTS} fetches at concurrency ${CONCURRENCY}, each with Connection: close, use at most ${CONCURRENCY} connections; the server never sees the close`, () => {
    const { server, stats } = report.pooled;
    expect(server.requests).toBe(REQUESTS);
    expect(server.connections).toBeLessThanOrEqual(CONCURRENCY);
    expect(server.connectionCloseAt).toEqual([]);
    expect(stats).toMatchObject({ requests: REQUESTS, created: server.connections, reused: REQUESTS - server.connections });
  });

  test(`maxRequestsPerSocket: ${LIMIT} holds; renewals say nothing to the server; warm replacements are counted`, () => {
    const { server, stats } = report.requestLimit;
    expect(server.requests).toBe(REQUESTS);
    expect(Math.max(...server.perConnection)).toBe(LIMIT);
    expect(server.connectionCloseAt).toEqual([]);
    const reached = server.perConnection.filter((n) => n === LIMIT).length;
    expect(reached).toBeGreaterThanOrEqual(Math.ceil((REQUESTS - CONCURRENCY * (LIMIT - 1)) / LIMIT));
    expect(stats.closed.max_requests).toBe(reached);
    // A warm replacement opened at the end may not have reached the server (its handshake) when the example reports.
    expect(server.connections).toBeLessThanOrEqual(stats.created);
    expect(server.connections).toBeGreaterThanOrEqual(stats.created - stats.warm.wasted);
    expect(stats.warm.opened).toBeGreaterThan(0);
    expect(stats.warm.used + stats.warm.wasted).toBe(stats.warm.opened);
  });

  test("a full queue, a queue timeout (and for https a handshake that never ends) reject with fetch's cause: the dispatcher's error", () => {
    const { queueFull, queueTimeout, connectTimeout } = report.errors;
    expect(queueFull.error).toMatchObject({ class: 'QueueFullError', code: ErrorCodes.QUEUE_FULL });
    expect(queueFull.serverRequests).toBe(1);
    expect(queueTimeout.error).toMatchObject({ class: 'QueueTimeoutError', code: ErrorCodes.QUEUE_TIMEOUT });
    expect(queueTimeout.serverRequests).toBe(1);
    if (protocol === 'https') {
      expect(connectTimeout?.error).toMatchObject({ class: 'ConnectTimeoutError', code: ErrorCodes.CONNECT_TIMEOUT });
      expect(connectTimeout?.serverConnections).toBe(1);
      expect(connectTimeout?.stats).toMatchObject({ created: 1, closed: { error: 1 } });
    }
  });

  test('sequential fetches, the global dispatcher (plain fetch(url)), and undici.request each reuse one connection', () => {
    expect(report.sequential.server).toMatchObject({ connections: 1, requests: 20 });
    expect(report.sequential.stats).toMatchObject({ created: 1, requests: 20, reused: 19 });
    expect(report.global.server).toMatchObject({ connections: 1, requests: 10 });
    expect(report.global.stats).toMatchObject({ created: 1, requests: 10, reused: 9 });
    expect(report.undiciRequest).toMatchObject({ statuses: [200, 200, 200, 200, 200], server: { connections: 1, requests: 5 } });
  });

  test('close() with 5 fetches in flight: all complete, then close() resolves; a fetch after close() is refused; the process exits by itself', () => {
    const { order, refusedAfterClose, server, stats } = report.closeInFlight;
    expect(order.slice(0, 5).every((o) => o.startsWith('response:'))).toBe(true);
    expect(order[5]).toBe('closed');
    expect(refusedAfterClose).toEqual({ name: 'AgentClosedError', code: ErrorCodes.AGENT_CLOSED });
    expect(server).toMatchObject({ connections: 5, requests: 5 });
    expect(stats).toMatchObject({ active: 0, idle: 0, closed: { agent_closed: 5 } });
  });
});
