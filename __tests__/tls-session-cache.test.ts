import { type ExecFileException, execFile } from 'node:child_process';
import { join } from 'node:path';
import tls from 'node:tls';
import { HttpsAgent } from '../lib';
import { TlsSessionCache } from '../lib/tls/session-cache';
import { sessionExpiresAt } from '../lib/tls/session-expiry';
import { tlsMaterial } from './helpers/certs';
import { request, TestServer } from './helpers/server';

/** One real session from a real handshake, with the server's ticket lifetime set to `timeout` s. */
async function realSession(version: 'TLSv1.2' | 'TLSv1.3', timeout: number): Promise<Buffer> {
  const server = await TestServer.start({ protocol: 'https', tls: { minVersion: version, maxVersion: version, sessionTimeout: timeout } });
  try {
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca: (await tlsMaterial()).cert });
    const session = await new Promise<Buffer>((resolve, reject) => {
      socket.once('session', resolve);
      socket.once('error', reject);
      socket.once('secureConnect', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      socket.resume();
    });
    socket.destroy();
    return session;
  } finally {
    await server.close();
  }
}

describe('TLS session expiry read from the session', () => {
  test.each(['TLSv1.2', 'TLSv1.3'] as const)('%s: made-at + announced lifetime', async (version) => {
    const before = Date.now();
    const session = await realSession(version, 120);
    const expires = sessionExpiresAt(session)!;
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 119_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 121_000);
  });

  test('unreadable input gives undefined, never a throw', () => {
    for (const bad of [Buffer.alloc(0), Buffer.from([0x30]), Buffer.from([0x30, 0x84, 0xff]), Buffer.from('not a session')]) {
      expect(sessionExpiresAt(bad)).toBeUndefined();
    }
  });
});

describe('TlsSessionCache', () => {
  test('least recently used is evicted, and get() counts as a use', () => {
    const cache = new TlsSessionCache(2);
    const a = Buffer.from('a');
    cache.set('A', a);
    cache.set('B', Buffer.from('b'));
    expect(cache.get('A')).toBe(a); // A is now the most recently used
    cache.set('C', Buffer.from('c'));
    expect(cache.keys().sort()).toEqual(['A', 'C']);
  });

  test('a session is refreshed in place and dropped only if it is still the one stored', () => {
    const cache = new TlsSessionCache(2);
    const old = Buffer.from('old');
    const fresh = Buffer.from('fresh');
    cache.set('A', old);
    cache.set('A', fresh);
    cache.delete('A', old);
    expect(cache.peek('A')).toBe(fresh);
    cache.delete('A', fresh);
    expect(cache.size).toBe(0);
  });

  test('an entry does not outlive the lifetime the server announced', async () => {
    const session = await realSession('TLSv1.3', 1);
    const cache = new TlsSessionCache(10);
    cache.set('A', session);
    expect(cache.get('A')).toBe(session);
    await new Promise((r) => setTimeout(r, 1100));
    expect(cache.get('A')).toBeUndefined();
  });

  test('0 disables the cache', () => {
    const cache = new TlsSessionCache(0);
    cache.set('A', Buffer.from('a'));
    expect(cache.get('A')).toBeUndefined();
  });
});

describe('TlsSessionCache: least recently used, at a small bound', () => {
  test('bound 3: five origins, with uses in between, keep the three used last', () => {
    const cache = new TlsSessionCache(3);
    for (const k of ['A', 'B', 'C']) cache.set(k, Buffer.from(k));
    cache.get('A'); // order now A, C, B
    cache.set('D', Buffer.from('D')); // evicts B
    expect(cache.keys()).toEqual(['D', 'A', 'C']);
    cache.set('C', Buffer.from('C2')); // a refresh is a use
    cache.set('E', Buffer.from('E')); // evicts A
    expect(cache.keys()).toEqual(['E', 'C', 'D']);
    expect(cache.peek('C')?.toString()).toBe('C2');
    expect(cache.size).toBe(3);
  });

  test('a large bound costs memory only for the sessions stored, and holds that many', () => {
    const before = process.memoryUsage().heapUsed;
    const cache = new TlsSessionCache(1e7);
    // Generous: without gc() other allocations of this worker land in the delta too.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
    for (let i = 0; i < 5000; i++) cache.set(`k${i}`, Buffer.from(`s${i}`));
    expect(cache.size).toBe(5000);
    expect(cache.keys()[0]).toBe('k4999');
  });
});

describe('TlsSessionCache: expired sessions do not pile up under a large bound', () => {
  test('once the cache has grown to 1024 entries, the expired ones are purged', async () => {
    // A 3 s lifetime: long enough that a loaded machine stores all 1000 before any expires.
    const shortLived = await realSession('TLSv1.3', 3);
    const cache = new TlsSessionCache(1e6);
    for (let i = 0; i < 1000; i++) cache.set(`old${i}`, shortLived);
    expect(cache.size).toBe(1000);
    await new Promise((r) => setTimeout(r, 3100));
    for (let i = 0; i < 24; i++) cache.set(`new${i}`, Buffer.from(`s${i}`)); // no readable lifetime: kept
    expect(cache.size).toBe(24);
    expect(cache.keys()).toHaveLength(24);
  });
});

describe('HttpsAgent: sessions cached and evicted least recently used (maxCachedSessions: 2)', () => {
  test('origins A, B, A, C: C and A keep their sessions, and A resumes', async () => {
    const servers = await Promise.all([0, 1, 2].map(() => TestServer.start({ protocol: 'https' })));
    const agent = new HttpsAgent({ ca: (await tlsMaterial()).cert, maxCachedSessions: 2, maxRequestsPerSocket: 1, warmReplacement: false });
    try {
      const [a, b, c] = servers as [TestServer, TestServer, TestServer];
      for (const s of [a, b, a, c]) expect((await request(agent, s.url)).status).toBe(200);
      const ports = agent.cachedSessionKeys.map((k) => servers.findIndex((s) => k.includes(`:${s.port}:`)));
      expect(ports).toEqual([2, 0]);
      expect((await request(agent, a.url)).status).toBe(200);
      expect(a.connections.map((conn) => conn.resumed)).toEqual([false, true, true]);
      expect(b.connections.map((conn) => conn.resumed)).toEqual([false]);
    } finally {
      agent.destroy();
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});

/** What the child process below reports for one `maxCachedSessions` value. */
interface ConstructionReport {
  value: string;
  ms: number;
  heapBytes: number;
}
interface ChildReport {
  gc: boolean;
  constructions: ConstructionReport[];
  /** Sessions held by a `TlsSessionCache(Infinity)` after 20 000 distinct keys were stored. */
  unboundedSize: number;
  /** Handshakes of four requests (`maxRequestsPerSocket: 1`) through `HttpsAgent({ maxCachedSessions: Infinity })`. */
  resumed: number;
  full: number;
}

/**
 * Runs in its own process, against the built package (dist/), with a small heap and a time
 * limit: a value that makes the constructor allocate for its bound ends that process (as
 * `Infinity` did, through lru-cache's `max`), not the test run.
 */
const CHILD = String.raw`
const { HttpsAgent } = require(process.env.DIST);
const { TlsSessionCache } = require(process.env.DIST + '/tls/session-cache.js');
const https = require('node:https');
const collect = typeof global.gc === 'function' ? global.gc : () => undefined;
const constructions = [];
const keep = [];
for (const [label, value] of [['Infinity', Infinity], ['1e7', 1e7], ['2**31-1', 2 ** 31 - 1], ['MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER], ['1e300', 1e300]]) {
  collect();
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  keep.push(new HttpsAgent({ maxCachedSessions: value }));
  const ms = performance.now() - started;
  collect();
  constructions.push({ value: label, ms, heapBytes: process.memoryUsage().heapUsed - heap });
}
for (const a of keep) a.destroy();
const unbounded = new TlsSessionCache(Infinity);
for (let i = 0; i < 20000; i++) unbounded.set('k' + i, Buffer.from('s' + i));
const agent = new HttpsAgent({ maxCachedSessions: Infinity, maxRequestsPerSocket: 1, warmReplacement: false, ca: process.env.CA });
const get = () => new Promise((resolve, reject) => {
  https.get(process.env.URL, { agent }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
});
(async () => {
  for (let i = 0; i < 4; i++) await get();
  const { tlsResumed, tlsFull } = agent.getStats();
  agent.destroy();
  console.log(JSON.stringify({ gc: typeof global.gc === 'function', constructions, unboundedSize: unbounded.size, resumed: tlsResumed, full: tlsFull }));
})().catch((err) => { console.error(err); process.exit(1); });
`;

describe('maxCachedSessions: every accepted value, however large (a child process, 10 s limit)', () => {
  let report: ChildReport;
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ protocol: 'https' });
    const env = { ...process.env, DIST: join(__dirname, '../dist/cjs'), CA: (await tlsMaterial()).cert, URL: server.url };
    const run = await new Promise<{ err: ExecFileException | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--expose-gc', '--max-old-space-size=256', '-e', CHILD],
        { env, timeout: 10_000, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
        (err, stdout, stderr) => resolve({ err, stdout, stderr }),
      );
    });
    if (run.err !== null) {
      const how = run.err.killed ? 'killed after 10 s' : `exit ${String(run.err.code)}, signal ${String(run.err.signal)}`;
      throw new Error(`the child process failed (${how}):\n${run.stderr.slice(0, 1500)}`);
    }
    report = JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildReport;
  }, 20_000);
  afterAll(async () => {
    await server.close();
  });

  test('each constructs in under 1 s and grows the heap by less than 20 MB', () => {
    expect(report.gc).toBe(true);
    expect(report.constructions.map((c) => c.value)).toEqual(['Infinity', '1e7', '2**31-1', 'MAX_SAFE_INTEGER', '1e300']);
    for (const c of report.constructions) {
      expect({ value: c.value, underOneSecond: c.ms < 1000, under20MB: c.heapBytes < 20 * 1024 * 1024 }).toEqual({
        value: c.value,
        underOneSecond: true,
        under20MB: true,
      });
    }
  });

  test('Infinity is unbounded: 20 000 origins keep 20 000 sessions', () => {
    expect(report.unboundedSize).toBe(20_000);
  });

  test('Infinity still caches sessions: of four connections, the last three resume', () => {
    expect({ resumed: report.resumed, full: report.full }).toEqual({ resumed: 3, full: 1 });
  });
});
