/**
 * The node-fetch reuse-race retry (`trackNodeFetch`, `withNodeFetchReuseRetry`): the capture of
 * each call's request, in process with `http.request` called exactly as node-fetch calls it;
 * then node-fetch 3 itself (ESM only, so in a child process against dist/) against a server
 * that closes a reused connection as the request arrives, and against one that redirects onto
 * a reused connection and resets it.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HttpAgent, isRetryableReuseError, trackNodeFetch } from '../../lib';
import { tlsMaterial } from '../helpers/certs';
import { FaultServer, pause } from '../helpers/fault-server';

jest.setTimeout(30_000);

/** Sends what node-fetch sends: calls the `agent` function, then `http.request()` at once. */
function likeNodeFetch(url: string, agentOption: (u: URL) => http.Agent | undefined, method = 'GET'): Promise<{ status?: number; error?: Error & { code?: string } }> {
  return new Promise((resolve) => {
    const parsed = new URL(url);
    const agent = agentOption(parsed);
    const req = http.request(url, { agent, method });
    req.on('error', (error: Error & { code?: string }) => resolve({ error }));
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode! }));
    });
    req.end();
  });
}

describe('trackNodeFetch: each call sees its own request (in process, node-fetch\'s calling sequence)', () => {
  let server: FaultServer;
  let agent: HttpAgent;
  beforeEach(async () => {
    server = await FaultServer.start();
    agent = new HttpAgent();
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  test('ten concurrent calls: each tracker holds exactly the request of its call', async () => {
    const trackers = Array.from({ length: 10 }, () => trackNodeFetch(agent));
    const replies = await Promise.all(trackers.map((t, i) => likeNodeFetch(`${server.url}/ok?call=${i}`, t.agent)));
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(trackers.map((t) => t.requests.map((r) => r.path))).toEqual(trackers.map((_t, i) => [`/ok?call=${i}`]));
    expect(Object.prototype.hasOwnProperty.call(agent, 'addRequest')).toBe(false);
  });

  test('a call that makes no request (a data: URL) leaves nothing behind: the next request is not taken for it', async () => {
    const idle = trackNodeFetch(agent);
    expect(idle.agent(new URL('data:,x'))).toBe(agent);
    await Promise.resolve(); // the end of the job that called the agent function
    expect(Object.prototype.hasOwnProperty.call(agent, 'addRequest')).toBe(false);
    const other = trackNodeFetch(agent);
    await likeNodeFetch(`${server.url}/ok`, other.agent);
    expect(idle.requests).toHaveLength(0);
    expect(other.requests).toHaveLength(1);
  });

  test('an own addRequest the agent already had is put back', async () => {
    const seen: string[] = [];
    const original = agent.addRequest;
    agent.addRequest = function (this: HttpAgent, req, options) {
      seen.push(req.path);
      original.call(this, req, options);
    };
    const own = agent.addRequest;
    const t = trackNodeFetch(agent);
    await likeNodeFetch(`${server.url}/ok?own`, t.agent);
    expect(agent.addRequest).toBe(own);
    expect(seen).toEqual(['/ok?own']);
    expect(t.requests).toHaveLength(1);
  });

  test('a function picking the agent per URL is called with the URL; undefined (the global agent) is passed through untracked', async () => {
    const urls: string[] = [];
    const t = trackNodeFetch((u) => {
      urls.push(u.href);
      return u.pathname === '/global' ? undefined : agent;
    });
    await likeNodeFetch(`${server.url}/ok`, t.agent);
    expect(t.agent(new URL(`${server.url}/global`))).toBeUndefined();
    expect(urls).toEqual([`${server.url}/ok`, `${server.url}/global`]);
    expect(t.requests).toHaveLength(1);
  });

  test('the reuse race: the tracker says retryable for the FetchError node-fetch would make, isRetryableReuseError cannot', async () => {
    const first = trackNodeFetch(agent);
    expect((await likeNodeFetch(`${server.url}/ok?ka=150&how=lazy-rst`, first.agent)).status).toBe(200);
    expect(first.isRetryable({ type: 'system', code: 'ECONNRESET' })).toBe(false); // that request did not fail
    await pause(250);
    const t = trackNodeFetch(agent);
    const { error } = await likeNodeFetch(`${server.url}/ok`, t.agent);
    expect(error?.code).toBe('ECONNRESET');
    // node-fetch's FetchError: its message, type 'system', the code; no request, no syscall, no cause.
    const fetchError = Object.assign(new Error(`request to ${server.url}/ok failed, reason: ${error!.message}`), { type: 'system', code: error!.code, errno: error!.code });
    expect(isRetryableReuseError(fetchError, undefined)).toBe(false);
    expect(t.isRetryable(fetchError)).toBe(true);
    expect(t.isRetryable({ ...fetchError, type: 'aborted' })).toBe(false);
    expect(t.isRetryable({ type: 'system', code: 'EPIPE' })).toBe(false); // not the error this request got
    expect(t.isRetryable(null)).toBe(false);
  });

  test('a POST on the reused connection: not retryable', async () => {
    await likeNodeFetch(`${server.url}/ok?ka=150&how=lazy-fin`, trackNodeFetch(agent).agent);
    await pause(250);
    const t = trackNodeFetch(agent);
    const { error } = await likeNodeFetch(`${server.url}/ok`, t.agent, 'POST');
    expect(error?.code).toBe('ECONNRESET');
    expect(t.requests[0]!.reusedSocket).toBe(true);
    expect(t.isRetryable({ type: 'system', code: error!.code })).toBe(false);
  });
});

// ---- node-fetch 3 itself ---------------------------------------------------------------------

/**
 * A server for the redirect cases: `/303` answers `303 See Other` to `/after` (same query); `/after`
 * arriving on a connection that already carried a request is reset (RST) before any response
 * byte, and answered `200 after` on a new one; anything else is `200 c<conn>r<n>`. Bodies are
 * read by `Content-Length`.
 */
interface RedirectServer {
  url: string;
  seen: Array<{ connection: number; index: number; method: string; path: string; tag: string }>;
  close(): Promise<void>;
}

async function redirectServer(): Promise<RedirectServer> {
  const sockets = new Set<net.Socket>();
  const seen: RedirectServer['seen'] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    const connection = ++connections;
    let index = 0;
    let buf = Buffer.alloc(0);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        buf = buf.subarray(end + 4 + length);
        const [method = '', target = ''] = head.split('\r\n')[0]!.split(' ');
        const [path = '', query] = target.split('?');
        index++;
        seen.push({ connection, index, method, path, tag: new URLSearchParams(query).get('tag') ?? '' });
        if (path === '/303') {
          socket.write(`HTTP/1.1 303 See Other\r\nLocation: /after?${query ?? ''}\r\nContent-Length: 0\r\n\r\n`);
        } else if (path === '/after' && index > 1) {
          socket.resetAndDestroy();
          return;
        } else {
          const body = path === '/after' ? 'after' : `c${connection}r${index}`;
          socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    seen,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The recipes of docs/clients.md and docs/reliability.md, with node-fetch 3, in a child process. */
const SCRIPT = String.raw`
import fetch from 'node-fetch';
import { Readable } from 'node:stream';
const { HttpAgent, HttpsAgent, isRetryableReuseError, trackNodeFetch, withNodeFetchReuseRetry } = await import(process.env.DIST);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const results = {};
const describe = (e) => ({ class: e?.constructor?.name ?? null, type: e?.type ?? null, code: e?.code ?? null });

for (const protocol of ['http', 'https']) {
  const url = protocol === 'https' ? process.env.HTTPS_URL : process.env.HTTP_URL;
  const newAgent = () => (protocol === 'https' ? new HttpsAgent({ ca: process.env.CA }) : new HttpAgent());
  // Warms one connection and tells the server to close it when the next request arrives on it after 150 ms idle.
  const warm = async (agent, how, tag) => {
    const res = await fetch(url + '/ok?ka=150&how=' + how + '&tag=' + tag, { agent });
    await res.text();
    await pause(250);
  };

  for (const how of ['lazy-rst', 'lazy-fin']) {
    const agent = newAgent();
    const tag = protocol + '-raw-' + how;
    await warm(agent, how, tag);
    const tracker = trackNodeFetch(agent);
    try {
      await fetch(url + '/ok?tag=' + tag, { agent: tracker.agent });
      results[tag] = { error: null };
    } catch (e) {
      results[tag] = { error: describe(e), withoutTracker: isRetryableReuseError(e, undefined), tracked: tracker.isRetryable(e), reused: tracker.requests[0]?.reusedSocket ?? null };
    }
    agent.destroy();
  }

  const cases = [
    ['get', { method: 'GET' }, 'lazy-fin'],
    ['get-rst', { method: 'GET' }, 'lazy-rst'],
    ['delete', { method: 'DELETE' }, 'lazy-fin'],
    ['post', { method: 'POST', body: 'x' }, 'lazy-fin'],
    ['post-key', { method: 'POST', body: 'x', headers: { 'Idempotency-Key': 'k-1' } }, 'lazy-fin'],
    ['put-stream', { method: 'PUT', body: () => Readable.from(['x']) }, 'lazy-fin'],
    ['put-buffer', { method: 'PUT', body: () => Buffer.from('x') }, 'lazy-fin'],
    ['fresh-reset', { method: 'GET', path: '/reset-on-request' }, undefined],
  ];
  for (const [name, spec, how] of cases) {
    const agent = newAgent();
    const tag = protocol + '-' + name;
    let calls = 0;
    const counted = (u, init) => { calls++; return fetch(u, init); };
    const retrying = withNodeFetchReuseRetry(counted, agent);
    if (how) await warm(agent, how, tag);
    const init = { method: spec.method, headers: spec.headers, body: typeof spec.body === 'function' ? spec.body() : spec.body };
    try {
      const res = await retrying(url + (spec.path ?? '/ok') + '?tag=' + tag, init);
      results[tag] = { body: await res.text(), calls };
    } catch (e) {
      results[tag] = { error: describe(e), calls };
    }
    results[tag].stats = (({ created, reused, requests }) => ({ created, reused, requests }))(agent.getStats());
    agent.destroy();
  }
}

// Redirects: two idle connections, then a call whose redirect goes out on the second one and is reset.
for (const method of ['GET', 'POST']) {
  const url = process.env.REDIRECT_URL;
  const agent = new HttpAgent();
  await Promise.all([0, 1].map(() => fetch(url + '/warm', { agent }).then((r) => r.text())));
  let calls = 0;
  const retrying = withNodeFetchReuseRetry((u, init) => { calls++; return fetch(u, init); }, agent);
  const tag = 'redirect-' + method.toLowerCase();
  try {
    const res = await retrying(url + '/303?tag=' + tag, { method, body: method === 'POST' ? 'x' : undefined });
    results[tag] = { body: await res.text(), calls };
  } catch (e) {
    results[tag] = { error: describe(e), calls };
  }
  agent.destroy();
}
console.log(JSON.stringify(results));
`;

interface Outcome {
  body?: string;
  error?: { class: string | null; type: string | null; code: string | null } | null;
  calls?: number;
  withoutTracker?: boolean;
  tracked?: boolean;
  reused?: boolean | null;
  stats?: { created: number; reused: number; requests: number };
}

describe('node-fetch 3: withNodeFetchReuseRetry / trackNodeFetch against real servers (child process)', () => {
  let results: Record<string, Outcome>;
  let plain: FaultServer;
  let secure: FaultServer;
  let redirects: RedirectServer;
  beforeAll(async () => {
    const material = await tlsMaterial();
    plain = await FaultServer.start();
    secure = await FaultServer.start({ tls: material });
    redirects = await redirectServer();
    const env = {
      ...process.env,
      DIST: pathToFileURL(join(__dirname, '..', '..', 'dist', 'esm', 'index.mjs')).href,
      HTTP_URL: plain.url,
      HTTPS_URL: secure.url,
      REDIRECT_URL: redirects.url,
      CA: material.cert,
    };
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', SCRIPT],
        { cwd: join(__dirname, '..', '..'), env, timeout: 25_000, killSignal: 'SIGKILL' },
        (err, out, errOut) => (err ? reject(new Error(`the script failed (${err.signal ?? String(err.code)}):\n${errOut}`)) : resolve(out)),
      );
    });
    results = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, Outcome>;
  }, 40_000);
  afterAll(async () => {
    await Promise.all([plain?.close(), secure?.close(), redirects?.close()]);
  });

  /** The requests the server saw for a tag, as connection:index. */
  function seenFor(server: FaultServer, tag: string): string[] {
    return server.requests.filter((r) => r.params.get('tag') === tag).map((r) => `${r.method} c${r.connection}r${r.index}`);
  }

  describe.each(['http', 'https'] as const)('%s', (protocol) => {
    const server = (): FaultServer => (protocol === 'https' ? secure : plain);

    test.each(['lazy-rst', 'lazy-fin'] as const)('%s: the FetchError of a GET on the reused connection: isRetryableReuseError alone says false, the tracker says true', (how) => {
      const r = results[`${protocol}-raw-${how}`]!;
      expect(r).toEqual({ error: { class: 'FetchError', type: 'system', code: 'ECONNRESET' }, withoutTracker: false, tracked: true, reused: true });
    });

    test.each(['get', 'get-rst', 'delete', 'post-key', 'put-buffer'])('%s: retried once on a new connection, succeeds', (name) => {
      const tag = `${protocol}-${name}`;
      const r = results[tag]!;
      expect({ body: r.body, calls: r.calls }).toEqual({ body: expect.stringMatching(/^c\d+r1$/), calls: 2 });
      expect(r.stats).toEqual({ created: 2, reused: 1, requests: 3 });
      // The warm-up and the failed request on connection 1, the retry alone on connection 2.
      const seen = seenFor(server(), tag);
      expect(seen).toHaveLength(3);
      expect(seen.map((s) => s.replace(/^\w+ c\d+/, ''))).toEqual(['r1', 'r2', 'r1']);
    });

    test('POST without Idempotency-Key: the FetchError reaches the caller, nothing is resent', () => {
      const r = results[`${protocol}-post`]!;
      expect(r).toMatchObject({ error: { class: 'FetchError', type: 'system', code: 'ECONNRESET' }, calls: 1 });
      expect(seenFor(server(), `${protocol}-post`).filter((s) => s.startsWith('POST'))).toHaveLength(1);
    });

    test('a stream body cannot be replayed: not retried', () => {
      expect(results[`${protocol}-put-stream`]).toMatchObject({ error: { code: 'ECONNRESET' }, calls: 1 });
    });

    test('a reset on a fresh connection is not the reuse race: not retried', () => {
      expect(results[`${protocol}-fresh-reset`]).toMatchObject({ error: { class: 'FetchError', code: 'ECONNRESET' }, calls: 1 });
      expect(seenFor(server(), `${protocol}-fresh-reset`)).toHaveLength(1);
    });
  });

  test('a GET redirected onto a reused connection that is reset: the whole call is retried once', () => {
    expect(results['redirect-get']).toEqual({ body: 'after', calls: 2 });
    const calls = redirects.seen.filter((s) => s.tag === 'redirect-get');
    // /303 on a reused connection, /after on the other reused one (reset), then /303 and /after on new ones.
    expect(calls.map((s) => [s.path, s.index > 1])).toEqual([
      ['/303', true],
      ['/after', true],
      ['/303', false],
      ['/after', false],
    ]);
  });

  test('a POST whose redirect is reset is not retried: a retry would send the POST again', () => {
    expect(results['redirect-post']).toEqual({ error: { class: 'FetchError', type: 'system', code: 'ECONNRESET' }, calls: 1 });
    const calls = redirects.seen.filter((s) => s.tag === 'redirect-post');
    expect(calls.map((s) => [s.method, s.path, s.index > 1])).toEqual([
      ['POST', '/303', true],
      ['GET', '/after', true],
    ]);
  });
});
