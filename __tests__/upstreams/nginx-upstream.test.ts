/**
 * NGINX `upstream` blocks read into groups: the block of issue #16, every `server`
 * parameter, every balancing directive, the hash key's variables, and every error.
 */
import { NginxConfigError } from '../../lib/errors';
import { UpstreamGroup } from '../../lib/upstreams/group';
import { normalizedUri } from '../../lib/upstreams/nginx-key';
import { parseNginxUpstreamBlock, parseNginxUpstreams } from '../../lib/upstreams/nginx-upstream';
import type { UpstreamGroupOptions } from '../../lib/upstreams/options';
import { resolveUpstreamGroup } from '../../lib/upstreams/validate';
import { request, sequence, tally } from './helpers';

const ISSUE = `
upstream api_backend {
    server 10.0.0.1:8080 weight=5;
    server 10.0.0.2:8080 weight=3;
    server 10.0.0.3:8080 backup;
    keepalive 64;
    keepalive_timeout 60s;
    keepalive_requests 10000;
    keepalive_time 1h;
}
`;

function rejected(fn: () => unknown, line: number, ...parts: string[]): NginxConfigError {
  let error: unknown;
  try {
    fn();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(NginxConfigError);
  const e = error as NginxConfigError;
  expect(e.code).toBe('ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG');
  expect([e.message, e.line]).toEqual([expect.stringContaining(`(line ${line})`), line]);
  for (const part of parts) expect(e.message).toContain(part);
  return e;
}

/** The group of `upstream g { BODY }`. */
const group = (body: string): UpstreamGroupOptions => parseNginxUpstreamBlock('g', body).group;

describe('the block of issue #16', () => {
  test('reads into the group and the keepalive options', () => {
    const config = parseNginxUpstreams(ISSUE);
    expect(config.blocks).toHaveLength(1);
    const [block] = config.blocks;
    expect(block).toEqual({
      name: 'api_backend',
      line: 2,
      group: {
        servers: [
          { address: '10.0.0.1:8080', weight: 5 },
          { address: '10.0.0.2:8080', weight: 3 },
          { address: '10.0.0.3:8080', backup: true },
        ],
      },
      keepaliveDirectives: { maxIdleSockets: 64, idleTimeout: 60_000, maxRequestsPerSocket: 10_000, maxSocketLifetime: 3_600_000 },
    });
    expect(config.upstreams).toEqual({ api_backend: block!.group });
    expect(config.keepalive).toEqual({});
  });

  test('balanced 50 / 30 / 0 over 80 requests', () => {
    const { upstreams } = parseNginxUpstreams(ISSUE);
    const g = new UpstreamGroup(resolveUpstreamGroup('api_backend', upstreams.api_backend));
    expect(tally(sequence(g, 80))).toEqual({ '10.0.0.1:8080': 50, '10.0.0.2:8080': 30 });
  });

  test('several blocks and bare keepalive directives', () => {
    const config = parseNginxUpstreams('keepalive 16;\nupstream a { server a:1; }\nupstream b { least_conn; server b:1; server b:2; }\nkeepalive_timeout 5s;');
    expect(Object.keys(config.upstreams)).toEqual(['a', 'b']);
    expect(config.upstreams.b!.balance).toBe('least_conn');
    expect(config.keepalive).toEqual({ maxIdleSockets: 16, idleTimeout: 5_000 });
  });

  test('a body given as text, its lines counted from the line given', () => {
    const block = parseNginxUpstreamBlock('g', 'server a:1;\nkeepalive 8;', 10);
    expect(block).toMatchObject({ line: 10, keepaliveDirectives: { maxIdleSockets: 8 } });
    rejected(() => parseNginxUpstreamBlock('g', 'server a:1;\nkeepalive x;', 10), 11, 'keepalive');
  });
});

describe('server', () => {
  test('every parameter', () => {
    expect(group('server a.example:8080 weight=2 max_fails=3 fail_timeout=30s max_conns=100 down resolve; server b:81 backup;').servers).toEqual([
      { address: 'a.example:8080', weight: 2, maxFails: 3, failTimeout: 30_000, maxConns: 100, down: true, resolve: true },
      { address: 'b:81', backup: true },
    ]);
  });

  test.each([
    ['fail_timeout=0', 0],
    ['fail_timeout=500ms', 500],
    ['fail_timeout=1m30s', 90_000],
    ['fail_timeout=10', 10_000],
    ['max_fails=0', 0],
    ['max_conns=0', 0],
  ])('%s', (param, value) => {
    const [server] = group(`server a:1 ${param}; server b:1;`).servers;
    expect(Object.values(server!)[1]).toBe(value);
  });

  test('addresses: no port is port 80 (NGINX’s default), IPv6 in brackets, hostnames', () => {
    const resolved = resolveUpstreamGroup('g', group('server 10.0.0.1; server [::1]:8080; server [fe80::1]; server backend.example:9000;'));
    expect(resolved.servers.map((s) => [s.address, s.host, s.port])).toEqual([
      ['10.0.0.1', '10.0.0.1', 80],
      ['[::1]:8080', '::1', 8080],
      ['[fe80::1]', 'fe80::1', 80],
      ['backend.example:9000', 'backend.example', 9000],
    ]);
  });

  test.each<[string, number, ...string[]]>([
    ['server;', 1, 'expected an address'],
    ['server unix:/tmp/app.sock;', 1, 'unix sockets are not supported'],
    ['server ::1:80;', 1, 'IPv6 address is written in brackets'],
    ['server a:0;', 1, 'port 0'],
    ['server a:http;', 1, 'not a number'],
    ['server http://a:80;', 1, 'not a URL'],
    ['server a:1 weight=0;', 1, '"weight=0"', 'from 1'],
    ['server a:1 weight=x;', 1, '"weight=x"'],
    ['server a:1 weight;', 1, 'needs a value'],
    ['server a:1 max_fails=-1;', 1, '"max_fails=-1"'],
    ['server a:1 max_conns=1.5;', 1, '"max_conns=1.5"'],
    ['server a:1 fail_timeout=5x;', 1, '"fail_timeout=5x"', 'invalid time'],
    ['server a:1 fail_timeout;', 1, 'needs a value'],
    ['server a:1\n weight=1 weight=2;', 2, 'given twice (first on line 2)'],
    ['server a:1 backup=1;', 1, 'takes no value'],
    ['server a:1 slow_start=30s;', 1, 'NGINX Plus'],
    ['server a:1 drain;', 1, 'NGINX Plus'],
    ['server a:1 id=7;', 1, 'accepted: weight=N'],
  ])('%j is rejected', (body, line, ...parts) => {
    rejected(() => group(body), line, ...parts);
  });
});

describe('balancing directives', () => {
  const two = 'server a:1; server b:1;';

  test.each([
    ['least_conn;', { balance: 'least_conn' }],
    ['random;', { balance: 'random' }],
    ['random two;', { balance: 'random', two: true }],
    ['random two least_conn;', { balance: 'random', two: true }],
    ['hash $request_uri consistent;', { balance: 'hash', consistent: true }],
    ['hash $request_uri;', { balance: 'hash' }],
  ])('%s', (directive, expected) => {
    const g = group(`${directive} ${two}`);
    expect(g).toMatchObject(expected);
    expect(g.hashKey === undefined).toBe(g.balance !== 'hash');
    expect(group(`${two} ${directive}`)).toMatchObject(expected); // before or after the servers
  });

  test.each<[string, number, ...string[]]>([
    ['least_conn x;', 1, 'invalid number of arguments in "least_conn"'],
    ['hash;', 1, 'invalid number of arguments in "hash"'],
    ['hash $uri consistent x;', 1, 'invalid number of arguments'],
    ['hash $uri sticky;', 1, 'invalid parameter "sticky" in "hash"'],
    ['random three;', 1, 'invalid parameter "three" in "random"'],
    ['random two least_time;', 1, 'invalid parameter "least_time" in "random"'],
    ['random two least_conn x;', 1, 'invalid number of arguments'],
    ['least_conn;\nrandom;', 2, 'load balancing method redefined', 'line 1'],
    ['ip_hash;', 1, 'does not see the address of the client', 'hash $http_x_forwarded_for'],
  ])('%j is rejected', (directive, line, ...parts) => {
    rejected(() => group(`${directive} ${two}`), line, ...parts);
  });

  test.each(['hash $uri;', 'hash $uri consistent;', 'random;', 'random two;'])('%s takes no backup server (NGINX: balancing method does not support parameter "backup")', (directive) => {
    rejected(() => group(`${directive}\nserver a:1;\nserver b:1 backup;`), 3, 'does not support parameter "backup"');
  });
});

describe('the hash key', () => {
  const keyOf = (key: string, path: string, headers: Record<string, string | string[]> = {}): string =>
    group(`hash ${key}; server a:1; server b:1;`).hashKey!({ method: 'GET', path, headers, host: 'g' });

  test.each([
    ["'$request_uri'", '/a/b?x=1', '/a/b?x=1'],
    ['$uri', '/a//b/./c/../d%20e?x=1', '/a/b/d e'],
    ['$args', '/a?x=1&y=2', 'x=1&y=2'],
    ['$args', '/a', ''],
    ['$http_x_user', '/', 'alice'],
    ['"${http_x_user}-$args"', '/?q', 'alice-q'],
    ['"user:$http_X_User"', '/', 'user:alice'],
    ['$http_x_missing', '/', ''],
    ['constant', '/anything', 'constant'],
  ])('%s of %j is %j', (key, path, value) => {
    expect(keyOf(key, path, { 'x-user': 'alice' })).toBe(value);
  });

  test('several values of a header are joined with ", " (a cookie with "; ")', () => {
    expect(keyOf('$http_x_forwarded_for', '/', { 'x-forwarded-for': ['1.1.1.1', '2.2.2.2'] })).toBe('1.1.1.1, 2.2.2.2');
    expect(keyOf('$http_cookie', '/', { cookie: ['a=1', 'b=2'] })).toBe('a=1; b=2');
  });

  test('$uri normalises as NGINX with merge_slashes', () => {
    expect(['/', '/a/', '/a/.', '/a/b/..', '/a/..', '/../a', '/%61%2Fb', '/caf%C3%A9', '*'].map(normalizedUri)).toEqual([
      '/',
      '/a/',
      '/a/',
      '/a/',
      '/',
      '/a',
      '/a/b',
      '/café',
      '*',
    ]);
  });

  test.each([
    ['$host', 'not one an agent can evaluate', '$request_uri, $uri, $args and $http_NAME'],
    ['$remote_addr', "client's address", '$http_x_forwarded_for'],
    ['$binary_remote_addr', "client's address"],
    ['$http_', 'not one an agent can evaluate'],
    ['a$', 'starts no variable name'],
    ["'${uri'", 'no closing "}"'],
  ])('%s is rejected', (key, ...parts) => {
    rejected(() => group(`hash ${key}; server a:1; server b:1;`), 1, ...parts);
  });

  test('requests with the same key reach the same server', () => {
    const g = new UpstreamGroup(resolveUpstreamGroup('g', group('hash $http_x_user consistent; server a:1; server b:1; server c:1;')));
    const alice = request('/', { 'x-user': 'alice' });
    const [first] = sequence(g, 1, alice);
    expect(sequence(g, 5, alice)).toEqual(Array(5).fill(first));
  });
});

describe('the block', () => {
  test('zone is accepted (the state is the agent’s, shared by all its requests)', () => {
    expect(group('zone backend 64k; server a:1 resolve;').servers).toEqual([{ address: 'a:1', resolve: true }]);
    rejected(() => group('zone; server a:1;'), 1, 'invalid number of arguments in "zone"');
  });

  test.each<[string, number, ...string[]]>([
    ['server a:1;\nresolver 127.0.0.1;', 2, '"resolver" is not supported', 'dns.lookup'],
    ['server a:1;\nresolver_timeout 5s;', 2, '"resolver_timeout" is not supported'],
    ['server a:1; least_time header;', 1, 'NGINX Plus'],
    ['server a:1; ntlm;', 1, 'NGINX Plus'],
    ['server a:1; queue 100 timeout=70;', 1, 'maxQueuedRequests'],
    ['server a:1; sticky cookie srv_id;', 1, 'NGINX Plus'],
    ['server a:1; state /var/lib/nginx/state/servers.conf;', 1, 'NGINX Plus'],
    ['server a:1; proxy_pass http://x;', 1, 'unknown directive "proxy_pass"'],
    ['', 1, 'no servers are inside upstream "g"'],
    ['keepalive 8;', 1, 'no servers are inside upstream "g"'],
    ['server a:1 backup;', 1, 'every server is a backup'],
    ['server a:1;\nkeepalive 0;', 2, 'keepalive'],
    ['server a:1;\nkeepalive 1;\nkeepalive 2;', 3, 'duplicate', 'line 2'],
    ['server a:1;\nkeepalive_timeout "1 h";', 2, 'keepalive_timeout'],
    ['server a:1\nserver b:1;', 1, 'missing ";" after "server a:1"'],
    ['server a:1;\nkeepalive 8\nkeepalive_timeout 5s;', 2, 'missing ";" after "keepalive 8"'],
    ['server a:1 { }', 1, 'no block inside "upstream"'],
    ['server a:1', 1, 'missing ";"'],
  ])('%j is rejected', (body, line, ...parts) => {
    rejected(() => group(body), line, ...parts);
  });

  test.each<[string, number, ...string[]]>([
    ['upstream a { server a:1; }\nupstream A { server b:1; }', 2, 'upstream "A" is duplicate (first given on line 1)'],
    ['upstream { server a:1; }', 1, 'takes a name and a block'],
    ['upstream a b { server a:1; }', 1, 'takes a name and a block'],
    ['upstream a;', 1, 'takes a name and a block'],
    ['http { upstream a { server a:1; } }', 1, 'only "upstream" blocks are accepted'],
    ['upstream a {\n server a:1;\n', 1, 'missing "}"'],
    ['}', 1, 'unexpected "}"'],
    ['upstream a { server a:1; }\nserver b:1;', 2, '"server" is accepted only inside an "upstream NAME { ... }" block'],
    ['upstream a { server a:1; }\nproxy_pass http://a;', 2, 'unknown directive "proxy_pass"'],
    ['keepalive 8\nupstream a { server a:1; }', 1, 'missing ";" after "keepalive 8"'],
    ['upstream a { server "a:1; }', 1, 'unclosed " quote'],
    ['upstream a-b_c.d { server a:1; }\nupstream "a b" { server a:1; }', 2, 'invalid upstream name "a b"', 'host name'],
  ])('%j is rejected', (text, line, ...parts) => {
    rejected(() => parseNginxUpstreams(text), line, ...parts);
  });

  test('comments and quotes as NGINX reads them', () => {
    const config = parseNginxUpstreams('# the api\nupstream "api" { # servers\n  server \'a:1\' "weight=2"; # first\n}\n');
    expect(config.upstreams).toEqual({ api: { servers: [{ address: 'a:1', weight: 2 }] } });
  });
});
