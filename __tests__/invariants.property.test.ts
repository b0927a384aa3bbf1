/**
 * Model-based property test of the pool's invariants. fast-check drives an agent with short
 * real limits (idleTimeout 50–200 ms, maxSocketLifetime 100–400 ms, small maxRequestsPerSocket,
 * maxIdleSockets and maxSockets, random limitJitter and validateAfterIdle) against the fault server through random
 * sequences of: requests (plain, held, slow, faulty), completions of held responses, aborts,
 * the server closing its idle connections, and elapsed time. After every step:
 *
 * 1. idle sockets ≤ maxIdleSockets (stats and Node's `freeSockets`);
 * 2. no connection carries more requests than its own drawn limit (the server's count vs
 *    `describeSocket(socket).requestLimit`) nor than maxRequestsPerSocket;
 * 3. no request starts on a socket past its drawn lifetime: at start from the client's view
 *    (`describeSocket().age` when the request is bound, exact), and from the server's
 *    (connection accept time vs request arrival, with a small allowance for the loopback
 *    transit on a loaded machine);
 * 4. every socket created is either open and in exactly one of `agent.sockets` /
 *    `agent.freeSockets` (idle ⇔ in `freeSockets`), or closed with exactly one reason;
 *    created = Σclosed + active + idle.
 *
 * Bounded: `PROP_RUNS` runs (default 25) of at most 25 steps, time-limited at 60 s
 * (`PROP_TIME_MS` for longer hunts); each request has a hard deadline. `FC_SEED=<n>` replays
 * a run; the seed is printed on failure.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type CloseReason, HttpAgent, type HttpAgentOptions } from '../lib';
import { type Fault, FaultServer, pause, until } from './helpers/fault-server';

// ---- the part of fast-check used here, typed locally ------------------------------------------
// fast-check 4's own declarations import pure-rand subpaths that only resolve with
// moduleResolution node16 or later; this project type-checks with node10 and skipLibCheck off,
// so importing its types would break `npm run typecheck`. It is loaded with require() and
// typed by this subset of its API instead.

interface Arbitrary<T> {
  map<U>(mapper: (value: T) => U): Arbitrary<U>;
}
/** fast-check's AsyncCommand. */
interface AsyncCommand<M extends object, R> {
  check(model: Readonly<M>): boolean;
  run(model: M, real: R): Promise<void>;
  toString(): string;
}
/** An opaque asynchronous property. */
interface AsyncProperty {
  readonly __asyncProperty: unique symbol;
}
interface FastCheck {
  assert(
    property: AsyncProperty,
    params: {
      numRuns: number;
      seed: number;
      endOnFailure: boolean;
      includeErrorInReport: boolean;
      interruptAfterTimeLimit: number;
      markInterruptAsFailure: boolean;
    },
  ): Promise<void>;
  asyncProperty<A, B>(a: Arbitrary<A>, b: Arbitrary<B>, predicate: (a: A, b: B) => Promise<void>): AsyncProperty;
  commands<M extends object, R>(arbs: Array<Arbitrary<AsyncCommand<M, R>>>, constraints: { maxCommands: number; size: 'max' }): Arbitrary<Iterable<AsyncCommand<M, R>>>;
  asyncModelRun<M extends object, R>(setup: () => { model: M; real: R }, cmds: Iterable<AsyncCommand<M, R>>): Promise<void>;
  integer(constraints: { min: number; max: number }): Arbitrary<number>;
  nat(max: number): Arbitrary<number>;
  double(constraints: { min: number; max: number; noNaN: boolean }): Arbitrary<number>;
  constant<T>(value: T): Arbitrary<T>;
  constantFrom<T>(...values: T[]): Arbitrary<T>;
  record<T extends object>(model: { [K in keyof T]: Arbitrary<T[K]> }): Arbitrary<T>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fc = require('fast-check') as FastCheck;

const RUNS = Number(process.env.PROP_RUNS ?? 25);
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MAX_STEPS = 25;
const TIME_LIMIT_MS = Number(process.env.PROP_TIME_MS ?? 60_000);
/** Loopback transit allowance for the server-side lifetime check (client write → server parse). */
const TRANSIT_SLACK_MS = 75;
const REQUEST_DEADLINE_MS = 8000;
const MAX_IN_FLIGHT = 6;

jest.setTimeout(TIME_LIMIT_MS + 60_000);

/** What the commands see of the system, for their preconditions. */
interface Model {
  inFlight: number;
}

interface InFlight {
  req: http.ClientRequest;
  done: Promise<void>;
}

/** The system under test and what the checks track. */
interface Real {
  agent: HttpAgent;
  server: FaultServer;
  options: Required<Pick<HttpAgentOptions, 'maxIdleSockets' | 'maxRequestsPerSocket' | 'maxSocketLifetime'>>;
  inFlight: Set<InFlight>;
  /** Every socket the agent created, in order, and its client port once connected. */
  sockets: Array<{ socket: Duplex; port: number | undefined }>;
  /** socketClosed events per socket. */
  closes: Map<Duplex, CloseReason[]>;
  /** Client-side violations seen in events (checked after each step). */
  violations: string[];
}

function startRequest(r: Real, model: Model, fault: Fault, query = ''): void {
  const req = http.request(`${r.server.url}/${fault}${query}`, { agent: r.agent });
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve) => {
    let closed = false;
    let resEnded = true;
    const maybe = (): void => {
      if (closed && resEnded) resolve();
    };
    req.on('response', (res) => {
      resEnded = false;
      res.on('error', () => undefined);
      res.on('close', () => {
        resEnded = true;
        maybe();
      });
      res.resume();
    });
    req.on('error', () => undefined);
    req.on('close', () => {
      closed = true;
      maybe();
    });
    timer = setTimeout(() => {
      r.violations.push(`request ${fault}${query} still pending after ${REQUEST_DEADLINE_MS} ms`);
      req.destroy();
      resolve();
    }, REQUEST_DEADLINE_MS);
  }).finally(() => clearTimeout(timer));
  const entry: InFlight = { req, done };
  r.inFlight.add(entry);
  model.inFlight++;
  void done.then(() => {
    r.inFlight.delete(entry);
    model.inFlight--;
  });
  req.end();
}

/** Lets the current turn's I/O callbacks, 'free' hand-offs and socket closes run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

function checkInvariants(r: Real, step: string): void {
  const { agent, server, options } = r;
  const where = `after ${step}`;
  assert.deepEqual(r.violations, [], `${where}: client-side violations`);
  const stats = agent.getStats();
  const freeLists = Object.values(agent.freeSockets) as Socket[][];
  const activeLists = Object.values(agent.sockets) as Socket[][];
  const free = new Set(freeLists.flat());
  const active = new Set(activeLists.flat());

  // 1. The idle cap.
  assert.ok(stats.idle <= options.maxIdleSockets, `${where}: ${stats.idle} idle > maxIdleSockets ${options.maxIdleSockets}`);
  assert.equal(free.size, stats.idle, `${where}: freeSockets holds ${free.size}, stats say ${stats.idle} idle`);

  // 4. Accounting: created = Σclosed + active + idle; each socket in one place or closed once.
  const closedSum = Object.values(stats.closed).reduce((a, b) => a + b, 0);
  assert.equal(stats.created, closedSum + stats.active + stats.idle, `${where}: created ${stats.created} ≠ Σclosed ${closedSum} + active ${stats.active} + idle ${stats.idle}`);
  assert.equal(stats.created, r.sockets.length, `${where}: socketCreated events ${r.sockets.length} ≠ created ${stats.created}`);
  let open = 0;
  const eventCounts: Partial<Record<CloseReason, number>> = {};
  for (const { socket } of r.sockets) {
    const info = agent.describeSocket(socket);
    assert.ok(info !== undefined, `${where}: a created socket has no record`);
    const closes = r.closes.get(socket) ?? [];
    for (const reason of closes) eventCounts[reason] = (eventCounts[reason] ?? 0) + 1;
    const inFree = free.has(socket as Socket);
    const inActive = active.has(socket as Socket);
    if (info.state === 'closed') {
      assert.equal(closes.length, 1, `${where}: a closed socket has ${closes.length} close events (${closes.join(', ')})`);
      assert.equal(info.closeReason, closes[0], `${where}: close reason ${String(info.closeReason)} ≠ event ${closes[0]}`);
      assert.ok(!inFree && !inActive, `${where}: a closed socket (${closes[0]}) is still in the agent's maps`);
    } else {
      open++;
      assert.equal(closes.length, 0, `${where}: an open socket has close events (${closes.join(', ')})`);
      assert.ok(inFree !== inActive, `${where}: an open socket (${info.state}) is in ${inFree && inActive ? 'both maps' : 'neither map'}`);
      assert.equal(info.state === 'idle', inFree, `${where}: state ${info.state} but ${inFree ? '' : 'not '}in freeSockets`);
    }
  }
  assert.equal(open, stats.active + stats.idle, `${where}: ${open} open sockets, stats say ${stats.active} active + ${stats.idle} idle`);
  for (const [reason, n] of Object.entries(stats.closed)) {
    assert.equal(eventCounts[reason as CloseReason] ?? 0, n, `${where}: ${n} closed as ${reason} in stats, ${eventCounts[reason as CloseReason] ?? 0} events`);
  }

  // 2 and 3, from the server's view.
  for (const conn of server.connections) {
    assert.ok(
      conn.requests.length <= options.maxRequestsPerSocket,
      `${where}: connection ${conn.id} carried ${conn.requests.length} requests > maxRequestsPerSocket ${options.maxRequestsPerSocket}`,
    );
  }
  for (const { socket, port } of r.sockets) {
    if (port === undefined) continue;
    const info = agent.describeSocket(socket)!;
    const createdAt = performance.now() - info.age;
    // Its connection is the first one accepted from its port after it was created (a later
    // socket can reuse the port only once this one has closed).
    const conn = server.connections.find((c) => c.remotePort === port && c.acceptedAt >= createdAt - 1);
    if (conn === undefined) continue;
    assert.ok(conn.requests.length <= info.requestLimit, `${where}: connection ${conn.id} carried ${conn.requests.length} requests > its drawn limit ${info.requestLimit}`);
    for (const req of conn.requests) {
      assert.ok(
        req.connectionAge <= info.lifetime + TRANSIT_SLACK_MS,
        `${where}: request ${req.index} (${req.fault}) on connection ${conn.id} arrived at age ${req.connectionAge.toFixed(1)} ms > lifetime ${info.lifetime.toFixed(1)} ms (+${TRANSIT_SLACK_MS})`,
      );
    }
  }
}

// ---- commands ------------------------------------------------------------------------------

type Cmd = AsyncCommand<Model, Real>;

const FAULTY: readonly Fault[] = ['close', 'http10', 'reset-body', 'reset-on-request', 'extra-bytes-later', 'half-close-later', 'close-keep-open', 'long-length', 'extra-bytes'];

class Request implements Cmd {
  constructor(
    readonly fault: Fault,
    readonly query: string,
  ) {}
  check(m: Readonly<Model>): boolean {
    return m.inFlight < MAX_IN_FLIGHT;
  }
  async run(m: Model, r: Real): Promise<void> {
    startRequest(r, m, this.fault, this.query);
    await settle();
    checkInvariants(r, this.toString());
  }
  toString(): string {
    return `request(${this.fault}${this.query})`;
  }
}

class Complete implements Cmd {
  constructor(readonly n: number) {}
  check(): boolean {
    return true;
  }
  async run(_m: Model, r: Real): Promise<void> {
    r.server.releaseHeld(this.n);
    await pause(5);
    checkInvariants(r, this.toString());
  }
  toString(): string {
    return `complete(${this.n})`;
  }
}

class Abort implements Cmd {
  constructor(readonly pick: number) {}
  check(m: Readonly<Model>): boolean {
    return m.inFlight > 0;
  }
  async run(_m: Model, r: Real): Promise<void> {
    const list = [...r.inFlight];
    if (list.length > 0) list[this.pick % list.length]!.req.destroy();
    await settle();
    checkInvariants(r, this.toString());
  }
  toString(): string {
    return `abort(#${this.pick})`;
  }
}

class ServerClosesIdle implements Cmd {
  check(): boolean {
    return true;
  }
  async run(_m: Model, r: Real): Promise<void> {
    r.server.closeIdleConnections();
    await pause(5);
    checkInvariants(r, this.toString());
  }
  toString(): string {
    return 'serverClosesIdle';
  }
}

class Elapse implements Cmd {
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  async run(_m: Model, r: Real): Promise<void> {
    await pause(this.ms);
    checkInvariants(r, this.toString());
  }
  toString(): string {
    return `elapse(${this.ms})`;
  }
}

const commandArbs: Array<Arbitrary<Cmd>> = [
  fc.constantFrom<[Fault, string]>(['ok', ''], ['hold', ''], ['slow', '?ms=30'], ['ok', '?len=20000']).map(([f, q]) => new Request(f, q)),
  fc.constantFrom(...FAULTY).map((f) => new Request(f, '')),
  fc.integer({ min: 1, max: 3 }).map((n) => new Complete(n)),
  fc.nat(10).map((n) => new Abort(n)),
  fc.constant(new ServerClosesIdle()),
  fc.integer({ min: 0, max: 150 }).map((ms) => new Elapse(ms)),
];

interface PoolChoice {
  idleTimeout: number;
  maxSocketLifetime: number;
  maxRequestsPerSocket: number;
  maxIdleSockets: number;
  maxSockets: number;
  limitJitter: number;
  validateAfterIdle: number;
}

const optionsArb = fc.record<PoolChoice>({
  idleTimeout: fc.integer({ min: 50, max: 200 }),
  maxSocketLifetime: fc.integer({ min: 100, max: 400 }),
  maxRequestsPerSocket: fc.integer({ min: 1, max: 5 }),
  maxIdleSockets: fc.integer({ min: 1, max: 3 }),
  maxSockets: fc.integer({ min: 1, max: 4 }),
  limitJitter: fc.double({ min: 0, max: 0.5, noNaN: true }),
  // The validation turn (0: every reuse waits one turn), so parked sockets are in the mix too.
  validateAfterIdle: fc.integer({ min: 0, max: 150 }),
});

test(`pool invariants hold after every step of random request / abort / fault / close / time sequences (${RUNS} runs ≤ ${MAX_STEPS} steps, seed ${SEED})`, async () => {
  const started = performance.now();
  let runs = 0;
  try {
    await fc.assert(
      fc.asyncProperty(optionsArb, fc.commands(commandArbs, { maxCommands: MAX_STEPS, size: 'max' }), async (options, cmds) => {
        runs++;
        const server = await FaultServer.start();
        const agent = new HttpAgent(options);
        const real: Real = {
          agent,
          server,
          options,
          inFlight: new Set(),
          sockets: [],
          closes: new Map(),
          violations: [],
        };
        agent.on('socketCreated', ({ socket }) => {
          const entry: Real['sockets'][number] = { socket, port: undefined };
          real.sockets.push(entry);
          const s = socket as Socket;
          if (s.localPort !== undefined) entry.port = s.localPort;
          else socket.once('connect', () => (entry.port = s.localPort));
        });
        agent.on('socketClosed', ({ socket, reason }) => {
          const list = real.closes.get(socket) ?? [];
          list.push(reason);
          real.closes.set(socket, list);
        });
        // 3, client view: the request is bound to a socket younger than its lifetime.
        agent.on('socketReused', ({ socket }) => {
          const info = agent.describeSocket(socket);
          if (info !== undefined && info.age >= info.lifetime) {
            real.violations.push(`a request started on a socket aged ${info.age.toFixed(1)} ms ≥ its lifetime ${info.lifetime.toFixed(1)} ms`);
          }
          if (info !== undefined && info.requests > info.requestLimit) {
            real.violations.push(`a request started as number ${info.requests} on a socket limited to ${info.requestLimit}`);
          }
        });
        try {
          await fc.asyncModelRun(() => ({ model: { inFlight: 0 }, real }), cmds);
          // Wind down: answer what is held (requests queued behind held ones get held in turn),
          // let every request end, then close the agent.
          await until(() => server.releaseHeld() >= 0 && real.inFlight.size === 0, REQUEST_DEADLINE_MS + 1000, 'every request to end');
          await settle();
          checkInvariants(real, 'the last request ended');
          let timer: NodeJS.Timeout | undefined;
          const closed = await Promise.race([agent.close().then(() => true), new Promise<boolean>((res) => (timer = setTimeout(() => res(false), 3000)))]);
          clearTimeout(timer);
          assert.ok(closed, `agent.close() did not resolve within 3 s: ${JSON.stringify(agent.getStats())}`);
          checkInvariants(real, 'close()');
          assert.deepEqual([agent.sockets, agent.freeSockets, agent.requests].map((m) => Object.keys(m)), [[], [], []], 'sockets left after close()');
          const s = agent.getStats();
          assert.equal(s.active + s.idle, 0);
          await until(() => server.open === 0, 3000, 'the server to see every connection closed');
        } finally {
          agent.destroy();
          await server.close();
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, includeErrorInReport: true, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
  } catch (err) {
    throw new Error(`property failed — replay with FC_SEED=${SEED} (runs done: ${runs})\n${(err as Error).message}`);
  }
  expect(runs).toBeGreaterThanOrEqual(Math.min(RUNS, 3));
  expect(performance.now() - started).toBeLessThan(TIME_LIMIT_MS + 30_000);
});
