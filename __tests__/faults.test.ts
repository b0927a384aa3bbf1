/**
 * Reliability under faults (issue 7): for each way a backend can misbehave, over HttpAgent and
 * HttpsAgent, on a reused connection:
 * - the faulty connection is never used again (the server sees no further request on it, and
 *   sees it closed);
 * - the request gets a clear error or a correct response, within a bounded time;
 * - `getStats()` counts the close under the right reason (the matrix is in docs/reliability.md);
 * - after `await agent.close()` nothing is left (Node's maps empty, `active` / `idle` 0).
 */
import type { HttpAgentOptions } from '../lib';
import { CLOSE_REASONS, type CloseReason, isRetryableReuseError } from '../lib';
import { type AnyAgent, makeAgent } from './helpers/agents';
import { tlsMaterial } from './helpers/certs';
import { type ClosedBy, FaultServer, type Outcome, pause, send, type SendOptions, until } from './helpers/fault-server';

type Protocol = 'http' | 'https';
const BOTH: readonly Protocol[] = ['http', 'https'];

jest.setTimeout(20_000);

async function startServer(protocol: Protocol): Promise<FaultServer> {
  return FaultServer.start(protocol === 'https' ? { tls: await tlsMaterial() } : {});
}

/** Every close reason at zero but the ones given. */
function closedExactly(counts: Partial<Record<CloseReason, number>>): Record<CloseReason, number> {
  const all = {} as Record<CloseReason, number>;
  for (const r of CLOSE_REASONS) all[r] = counts[r] ?? 0;
  return all;
}

function sumClosed(agent: AnyAgent): number {
  return Object.values(agent.getStats().closed).reduce((a, b) => a + b, 0);
}

/** created = Σclosed + active + idle, in total. */
function expectBalanced(agent: AnyAgent): void {
  const s = agent.getStats();
  expect(s.created).toBe(sumClosed(agent) + s.active + s.idle);
}

/** `agent.close()` resolves within `ms` and leaves nothing behind. */
async function closeAndExpectEmpty(agent: AnyAgent, server: FaultServer, ms = 3000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    agent.close().then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  expect(closed).toBe(true);
  expect(agent.sockets).toEqual({});
  expect(agent.freeSockets).toEqual({});
  expect(agent.requests).toEqual({});
  const s = agent.getStats();
  expect(s).toMatchObject({ active: 0, idle: 0, queued: 0, connecting: 0 });
  expect(s.created).toBe(sumClosed(agent));
  await until(() => server.open === 0, 3000, 'the server to see every connection closed');
}

interface FaultCase {
  title: string;
  path: string;
  send?: SendOptions;
  protocols: readonly Protocol[];
  /** What the request must get. */
  outcome: (o: Outcome) => void;
  /**
   * The close reason of the faulty connection; `null` when nothing is wrong with it (a correct
   * exchange the connection survives: it must then be reused).
   */
  reason: CloseReason | null;
  /** Also accepted (the EOF can be read before or after the socket is pooled). */
  alsoAccepted?: CloseReason;
  /** A reason the lib once got wrong (server_close for a protocol error), kept as a regression test. */
  libGives?: CloseReason;
  /** How the server saw the faulty connection end. */
  closedBy?: readonly ClosedBy[];
}

const expectResponse =
  (body: string, status = 200) =>
  (o: Outcome): void => {
    expect({ kind: o.kind, status: o.status, body: o.body, error: o.error?.message }).toEqual({ kind: 'response', status, body, error: undefined });
  };

const expectError =
  (code: string, gotResponse: boolean) =>
  (o: Outcome): void => {
    expect({ kind: o.kind, code: o.error?.code, gotResponse: o.gotResponse }).toEqual({ kind: 'error', code, gotResponse });
  };

const CASES: FaultCase[] = [
  {
    title: 'answers Connection: close, then FIN',
    path: '/close',
    protocols: BOTH,
    outcome: expectResponse('c1r2'),
    reason: 'server_close',
    closedBy: ['server-fin'],
  },
  {
    title: 'answers Connection: close and keeps the connection open',
    path: '/close-keep-open',
    protocols: BOTH,
    outcome: expectResponse('c1r2'),
    reason: 'server_close',
    closedBy: ['client-fin'],
  },
  {
    title: 'answers as HTTP/1.0, then FIN',
    path: '/http10',
    protocols: BOTH,
    outcome: expectResponse('c1r2'),
    reason: 'server_close',
    closedBy: ['server-fin'],
  },
  {
    title: 'answers as HTTP/1.0 with Connection: keep-alive and keeps the connection open',
    path: '/http10-keepalive',
    protocols: BOTH,
    outcome: expectResponse('c1r2'),
    reason: 'server_close',
    closedBy: ['client-fin'],
  },
  {
    title: 'resets the connection (RST) mid-headers',
    path: '/reset-headers',
    protocols: BOTH,
    outcome: expectError('ECONNRESET', false),
    reason: 'error',
    closedBy: ['server-rst'],
  },
  {
    title: 'resets the connection (RST) mid-body',
    path: '/reset-body',
    protocols: BOTH,
    outcome: (o) => {
      expectError('ECONNRESET', true)(o);
      expect(o.status).toBe(200);
    },
    reason: 'error',
    closedBy: ['server-rst'],
  },
  {
    title: 'resets the connection (RST) when the request arrives, before any response byte',
    path: '/reset-on-request',
    protocols: BOTH,
    outcome: (o) => {
      expectError('ECONNRESET', false)(o);
      expect(isRetryableReuseError(o.error, o.req)).toBe(true);
    },
    reason: 'error',
    closedBy: ['server-rst'],
  },
  {
    title: 'sends bytes right after a complete response (same write)',
    path: '/extra-bytes',
    protocols: BOTH,
    // Node reads the response, then fails the request on the junk (HPE_INVALID_CONSTANT) and destroys the socket.
    outcome: (o) => {
      expectError('HPE_INVALID_CONSTANT', true)(o);
      expect(o.status).toBe(200);
    },
    reason: 'error',
    libGives: 'server_close',
    closedBy: ['client-fin'],
  },
  {
    title: 'sends bytes 30 ms after a complete response (while the connection is idle)',
    path: '/extra-bytes-later',
    protocols: BOTH,
    outcome: expectResponse('c1r2'),
    reason: 'stale',
    closedBy: ['client-fin'],
  },
  {
    title: 'sends a Content-Length too short for its body',
    path: '/short-length',
    protocols: BOTH,
    outcome: (o) => {
      expectError('HPE_INVALID_CONSTANT', true)(o);
      expect(o.status).toBe(200);
    },
    reason: 'error',
    libGives: 'server_close',
    closedBy: ['client-fin'],
  },
  {
    title: 'sends a Content-Length too long for its body, then FIN',
    path: '/long-length?then=fin',
    protocols: BOTH,
    outcome: (o) => {
      expectError('ECONNRESET', true)(o);
      expect(o.body).toBe('0123456789');
    },
    reason: 'error',
    closedBy: ['server-fin'],
  },
  {
    title: 'sends a Content-Length too long for its body, then stalls (the client times out)',
    path: '/long-length?then=stall',
    send: { timeout: 300 },
    protocols: BOTH,
    outcome: expectError('ETIMEDOUT', true),
    reason: 'error',
    closedBy: ['client-fin', 'client'],
  },
  {
    title: 'stalls mid-headers (the client times out)',
    path: '/stall-headers',
    send: { timeout: 300 },
    protocols: BOTH,
    outcome: expectError('ETIMEDOUT', false),
    reason: 'error',
    closedBy: ['client-fin', 'client'],
  },
  {
    title: 'half-closes (FIN, read side open) right after a complete keep-alive response',
    path: '/half-close',
    protocols: BOTH,
    outcome: expectResponse('c1r2'),
    reason: 'stale',
    alsoAccepted: 'server_close',
    closedBy: ['server-fin'],
  },
  {
    title: 'half-closes 30 ms after a complete keep-alive response',
    path: '/half-close-later',
    protocols: BOTH,
    outcome: expectResponse('c1r2'),
    reason: 'stale',
    closedBy: ['server-fin'],
  },
  {
    title: 'answers before reading the body, with Connection: close, and closes with the body unread',
    path: '/early?then=close',
    send: {
      method: 'POST',
      headers: { 'content-length': 10 },
      bodyParts: [{ data: 'hello' }, { data: 'world', afterResponse: true, afterMs: 80 }],
    },
    protocols: BOTH,
    outcome: expectResponse('early'),
    reason: 'server_close',
    // The client closes on the Connection: close response, or the server first, 30 ms later.
    closedBy: ['server-destroy', 'client-fin'],
  },
  {
    title: 'answers before reading the body, then reads it (keep-alive): a correct exchange, reused once the body is sent',
    path: '/early?then=drain',
    send: {
      method: 'POST',
      headers: { 'content-length': 10 },
      bodyParts: [{ data: 'hello' }, { data: 'world', afterResponse: true, afterMs: 80 }],
    },
    protocols: BOTH,
    outcome: expectResponse('early'),
    reason: null,
  },
  {
    title: 'answers 100 Continue to Expect: 100-continue, then 200',
    path: '/continue',
    send: { method: 'POST', headers: { expect: '100-continue', 'content-length': 5 }, body: 'hello' },
    protocols: BOTH,
    outcome: (o) => {
      expectResponse('got 5')(o);
      expect(o.informational).toEqual([100]);
    },
    reason: null,
  },
  {
    title: 'answers an unsolicited 100 Continue, then 200',
    path: '/continue',
    protocols: BOTH,
    outcome: (o) => {
      expectResponse('got 0')(o);
      expect(o.informational).toEqual([100]);
    },
    reason: null,
  },
  {
    title: 'answers 103 Early Hints, then 200',
    path: '/early-hints',
    protocols: BOTH,
    outcome: (o) => {
      expectResponse('c1r2')(o);
      expect(o.informational).toEqual([103]);
    },
    reason: null,
  },
  {
    title: 'sends a chunked body with trailers',
    path: '/chunked-trailers',
    protocols: BOTH,
    outcome: (o) => {
      expectResponse('hello world')(o);
      expect(o.trailers).toEqual({ 'x-checksum': 'c1r2' });
    },
    reason: null,
  },
  {
    title: 'upgrades with 101 (the caller takes the socket)',
    path: '/upgrade',
    send: { headers: { connection: 'upgrade', upgrade: 'echo' }, upgrade: true },
    protocols: BOTH,
    outcome: (o) => {
      expect({ kind: o.kind, status: o.status, echo: o.upgradeEcho }).toEqual({ kind: 'upgrade', status: 101, echo: 'ping' });
    },
    reason: 'not_reusable',
    closedBy: ['client-fin', 'client'],
  },
  {
    title: 'answers 101 to a request that asked for no upgrade',
    path: '/upgrade',
    protocols: BOTH,
    // Node destroys the socket; the request closes with neither a response nor an error.
    outcome: (o) => {
      expect({ kind: o.kind, gotResponse: o.gotResponse, error: o.error }).toEqual({ kind: 'closed', gotResponse: false, error: undefined });
    },
    reason: 'not_reusable',
    closedBy: ['client-fin', 'client'],
  },
];

describe.each(BOTH)('%s: faults on a reused connection', (protocol) => {
  let server: FaultServer;
  let agent: AnyAgent;
  afterEach(async () => {
    agent?.destroy();
    await server?.close();
  });

  /** warm-up request, the fault on the reused socket, the verdict, a follow-up request. */
  async function run(c: FaultCase, options: HttpAgentOptions = {}): Promise<{ outcome: Outcome; reasons: CloseReason[] }> {
    server = await startServer(protocol);
    agent = await makeAgent(protocol, options);
    const reasons: CloseReason[] = [];
    agent.on('socketClosed', (m) => reasons.push(m.reason));
    const warm = await send(agent, `${server.url}/ok`);
    expect({ kind: warm.kind, body: warm.body, reused: warm.reusedSocket }).toEqual({ kind: 'response', body: 'c1r1', reused: false });

    const outcome = await send(agent, `${server.url}${c.path}`, { deadline: 4000, ...c.send });
    expect(outcome.kind).not.toBe('deadline');
    expect(outcome.reusedSocket).toBe(true);
    c.outcome(outcome);
    const conn1 = server.connections[0]!;
    expect(conn1.requests.map((r) => r.fault)[1]).toBe(new URL(c.path, 'http://x').pathname.slice(1));

    if (c.reason === null) {
      // A correct exchange: the connection stays and carries the next request.
      const next = await send(agent, `${server.url}/ok`);
      expect({ kind: next.kind, body: next.body, reused: next.reusedSocket }).toEqual({ kind: 'response', body: 'c1r3', reused: true });
      expect(server.connections).toHaveLength(1);
      expect(reasons).toEqual([]);
      expectBalanced(agent);
      return { outcome, reasons };
    }

    await until(() => conn1.closed, 3000, 'the faulty connection to close');
    await until(() => reasons.length >= 1, 3000, 'the agent to count the close');
    expect(agent.getStats()).toMatchObject({ active: 0, idle: 0 });
    const next = await send(agent, `${server.url}/ok`);
    expect({ kind: next.kind, body: next.body, reused: next.reusedSocket }).toEqual({ kind: 'response', body: 'c2r1', reused: false });
    // The server saw nothing more on the faulty connection.
    expect(server.perConnection()).toEqual([2, 1]);
    if (c.closedBy) expect(c.closedBy).toContain(conn1.closedBy);
    expect(reasons).toHaveLength(1);
    expectBalanced(agent);
    return { outcome, reasons };
  }

  const cases = CASES.filter((c) => c.protocols.includes(protocol));
  test.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const { reasons } = await run(c);
    if (c.reason !== null) {
      const accepted = [c.reason, c.alsoAccepted, c.libGives].filter((r): r is CloseReason => r !== undefined);
      expect(accepted).toContain(reasons[0]);
      expect(agent.getStats().closed).toEqual(closedExactly({ [reasons[0]!]: 1 }));
    }
    await closeAndExpectEmpty(agent, server);
    // The follow-up socket closed with the agent.
    expect(agent.getStats().closed.agent_closed).toBe(1);
  });

  // Known lib bugs, pinned: each passes while the lib gives the wrong reason, and fails (so it
  // gets turned into a plain assertion) once it is fixed.
  const buggy = cases.filter((c) => c.libGives !== undefined);
  test.each(buggy.map((c) => [c.title, c] as const))('close reason is "error", not "server_close", when the server %s', async (_title, c) => {
    const { reasons } = await run(c);
    expect(reasons).toEqual([c.reason]);
  });

  // ---- the server's keep-alive timeout -------------------------------------------------------

  test('closes an idle connection at its keep-alive timeout, with no hint: the idle socket sees the EOF (stale), the next request opens a new connection', async () => {
    server = await startServer(protocol);
    agent = await makeAgent(protocol);
    const first = await send(agent, `${server.url}/ok?ka=300`);
    expect(first.headers['keep-alive']).toBeUndefined();
    const conn1 = server.connections[0]!;
    await until(() => conn1.closed, 2000, 'the server to close the idle connection');
    expect(conn1.closedBy).toBe('server-destroy');
    expect(conn1.actions).toEqual(['idle-close after 300 ms']);
    const lastRequest = conn1.requests[0]!;
    // At its timeout (timers fire late, never early).
    expect(conn1.closedAt! - lastRequest.arrivedAt).toBeGreaterThanOrEqual(295);
    await until(() => agent.getStats().closed.stale === 1, 2000, 'the agent to see the EOF');
    const next = await send(agent, `${server.url}/ok`);
    expect({ kind: next.kind, body: next.body, reused: next.reusedSocket }).toEqual({ kind: 'response', body: 'c2r1', reused: false });
    expect(agent.getStats().closed).toEqual(closedExactly({ stale: 1 }));
    await closeAndExpectEmpty(agent, server);
  });

  test('advertises Keep-Alive: timeout=2 and closes at 2 s: the agent closes first (idle_timeout, hint minus the buffer), the server sees the client close', async () => {
    server = await startServer(protocol);
    agent = await makeAgent(protocol, { agentKeepAliveTimeoutBuffer: 1500 });
    const first = await send(agent, `${server.url}/ok?ka=2000&hint=2`);
    expect(first.headers['keep-alive']).toBe('timeout=2');
    const conn1 = server.connections[0]!;
    await until(() => conn1.closed, 2500, 'the connection to close');
    expect(conn1.closedBy).toBe('client-fin');
    const idleFor = conn1.closedAt! - conn1.requests[0]!.arrivedAt;
    expect(idleFor).toBeGreaterThanOrEqual(450);
    expect(idleFor).toBeLessThan(1900);
    expect(conn1.actions).toEqual([]); // the server's own timer never fired
    expect(agent.getStats().closed).toEqual(closedExactly({ idle_timeout: 1 }));
    await closeAndExpectEmpty(agent, server);
  });

  test('advertises Keep-Alive: timeout=1 and closes at 1 s: with the default 1 s buffer the socket is never pooled (idle_timeout)', async () => {
    server = await startServer(protocol);
    agent = await makeAgent(protocol);
    await send(agent, `${server.url}/ok?ka=1000&hint=1`);
    const conn1 = server.connections[0]!;
    await until(() => conn1.closed, 1500, 'the connection to close');
    expect(conn1.closedBy).toBe('client-fin');
    expect(conn1.closedAt! - conn1.requests[0]!.arrivedAt).toBeLessThan(900);
    expect(agent.getStats().closed).toEqual(closedExactly({ idle_timeout: 1 }));
    const next = await send(agent, `${server.url}/ok`);
    expect(next.reusedSocket).toBe(false);
    await closeAndExpectEmpty(agent, server);
  });

  test.each([
    ['lazy-rst', 'ECONNRESET', 'server-rst'],
    ['lazy-fin', 'ECONNRESET', 'server-destroy'],
  ] as const)(
    'closes at its timeout just as the reused request arrives (%s): the request fails before any response, retryable, close reason error',
    async (how, code, closedBy) => {
      server = await startServer(protocol);
      agent = await makeAgent(protocol);
      await send(agent, `${server.url}/ok?ka=150&how=${how}`);
      await pause(250);
      const failed = await send(agent, `${server.url}/ok`);
      expect({ kind: failed.kind, code: failed.error?.code, gotResponse: failed.gotResponse, reused: failed.reusedSocket }).toEqual({
        kind: 'error',
        code,
        gotResponse: false,
        reused: true,
      });
      expect(isRetryableReuseError(failed.error, failed.req)).toBe(true);
      const conn1 = server.connections[0]!;
      await until(() => conn1.closed, 2000, 'the connection to close');
      expect(conn1.closedBy).toBe(closedBy);
      expect(conn1.requests[1]!.actions).toEqual([how === 'lazy-rst' ? 'idle-close-rst' : 'idle-close-fin']);
      await until(() => sumClosed(agent) === 1, 2000, 'the close to be counted');
      expect(agent.getStats().closed).toEqual(closedExactly({ error: 1 }));
      const retry = await send(agent, `${server.url}/ok`);
      expect({ body: retry.body, reused: retry.reusedSocket }).toEqual({ body: 'c2r1', reused: false });
      await closeAndExpectEmpty(agent, server);
    },
  );

  test('a chunked request body with trailers is read whole by the server, and the connection is reused', async () => {
    server = await startServer(protocol);
    agent = await makeAgent(protocol);
    await send(agent, `${server.url}/ok`);
    const o = await send(agent, `${server.url}/ok`, {
      method: 'POST',
      headers: { trailer: 'X-Request-Checksum' },
      bodyParts: [{ data: 'hello ' }, { data: 'chunked', afterMs: 20 }],
      trailers: { 'X-Request-Checksum': 'abc' },
    });
    expect({ kind: o.kind, body: o.body, reused: o.reusedSocket }).toEqual({ kind: 'response', body: 'c1r2', reused: true });
    const seen = server.requests[1]!;
    expect(seen.headers['transfer-encoding']).toBe('chunked');
    expect({ body: seen.body.toString(), trailers: seen.trailers }).toEqual({ body: 'hello chunked', trailers: { 'x-request-checksum': 'abc' } });
    const next = await send(agent, `${server.url}/ok`);
    expect({ body: next.body, reused: next.reusedSocket }).toEqual({ body: 'c1r3', reused: true });
    expect(sumClosed(agent)).toBe(0);
    await closeAndExpectEmpty(agent, server);
  });

  test('a request the server closed with Connection: close carries no further request even under concurrency', async () => {
    server = await startServer(protocol);
    agent = await makeAgent(protocol, { maxSockets: 2 });
    // Ten rounds of two concurrent requests, every other one answered with close-keep-open.
    for (let round = 0; round < 10; round++) {
      const outs = await Promise.all([send(agent, `${server.url}/close-keep-open`), send(agent, `${server.url}/ok`)]);
      for (const o of outs) expect(o.kind).toBe('response');
    }
    await closeAndExpectEmpty(agent, server);
    for (const conn of server.connections) {
      const i = conn.requests.findIndex((r) => r.fault === 'close-keep-open');
      if (i !== -1) expect(conn.requests).toHaveLength(i + 1);
    }
    const s = agent.getStats();
    expect(s.closed.server_close).toBe(10);
  });
});
