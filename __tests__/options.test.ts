import * as http from 'node:http';
import * as https from 'node:https';
import { DEFAULT_POOL_OPTIONS, HttpAgent, HttpsAgent, InvalidOptionRangeError, InvalidOptionTypeError, UnknownOptionError } from '../lib';
import { request, TestServer } from './helpers/server';

const CODE = 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION';

function thrown(fn: () => unknown): Error & { code?: string; option?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string; option?: string };
  }
  throw new Error('expected a throw');
}

describe('option validation at construction', () => {
  test('defaults are NGINX\'s', () => {
    const agent = new HttpAgent();
    expect(agent.poolOptions).toEqual({ ...DEFAULT_POOL_OPTIONS, maxFreeSockets: 256 });
    expect(agent.poolOptions).toMatchObject({
      maxIdleSockets: 256,
      idleTimeout: 60000,
      maxRequestsPerSocket: 1000,
      maxSocketLifetime: 3600000,
      limitJitter: 0.1,
      agentKeepAliveTimeoutBuffer: 1000,
      stripConnectionClose: true,
    });
    expect(agent.keepAlive).toBe(true);
    expect(agent.maxFreeSockets).toBe(256);
    expect(agent.scheduling).toBe('lifo');
    agent.destroy();
  });

  test('maxFreeSockets defaults to maxIdleSockets; our options stay out of Node\'s agent.options', () => {
    const agent = new HttpAgent({ maxIdleSockets: 7, timeout: 5000 });
    expect(agent.maxFreeSockets).toBe(7);
    expect(agent.options).not.toHaveProperty('maxIdleSockets');
    expect(agent.options).toMatchObject({ timeout: 5000, keepAlive: true });
    agent.destroy();
  });

  const typeCases: Array<[string, unknown]> = [
    ['maxIdleSockets', '10'],
    ['idleTimeout', '60s'],
    ['maxRequestsPerSocket', {}],
    ['maxSocketLifetime', '1h'],
    ['limitJitter', '0.1'],
    ['stripConnectionClose', 'yes'],
    ['connectTimeout', '10s'],
    ['validateAfterIdle', true],
    ['maxQueuedRequests', '100'],
    ['queueTimeout', []],
  ];
  test.each(typeCases)('%s = %p throws a TypeError naming the option and the value', (option, value) => {
    const err = thrown(() => new HttpAgent({ [option]: value }));
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toBeInstanceOf(InvalidOptionTypeError);
    expect(err.code).toBe(CODE);
    expect(err.option).toBe(option);
    expect(err.message).toContain(`"${option}"`);
    expect(err.message).toContain('Received');
  });

  const rangeCases: Array<[string, unknown]> = [
    ['maxIdleSockets', 0],
    ['maxIdleSockets', 2.5],
    ['maxIdleSockets', -1],
    ['maxIdleSockets', NaN],
    ['idleTimeout', 0],
    ['idleTimeout', -5],
    ['maxRequestsPerSocket', 0],
    ['maxRequestsPerSocket', 1.5],
    ['maxSocketLifetime', 0],
    ['limitJitter', -0.1],
    ['limitJitter', 1],
    ['connectTimeout', -1],
    ['maxQueuedRequests', -1],
  ];
  test.each(rangeCases)('%s = %p throws a RangeError naming the option and the value', (option, value) => {
    const err = thrown(() => new HttpAgent({ [option]: value }));
    expect(err).toBeInstanceOf(RangeError);
    expect(err).toBeInstanceOf(InvalidOptionRangeError);
    expect(err.code).toBe(CODE);
    expect(err.option).toBe(option);
    expect(err.message).toContain(`"${option}"`);
    expect(err.message).toContain(String(value));
  });

  // Node's own options: whatever Node's constructor does with a value, ours does too (the same
  // error class and code, or the same fields on the agent).
  const nodeCases: Array<[string, unknown]> = [
    ['keepAlive', 1],
    ['keepAlive', null],
    ['keepAliveMsecs', false],
    ['keepAliveMsecs', Infinity],
    ['keepAliveMsecs', null],
    ['maxSockets', '5'],
    ['maxSockets', 0],
    ['maxSockets', null],
    ['maxSockets', Infinity],
    ['maxTotalSockets', []],
    ['maxTotalSockets', -2],
    ['maxTotalSockets', 0],
    ['maxTotalSockets', '3'],
    ['maxTotalSockets', 10],
    ['timeout', '1000'],
    ['timeout', -1],
    ['timeout', Infinity],
    ['timeout', null],
    ['scheduling', 1],
    ['scheduling', 'random'],
    ['scheduling', 'fifo'],
    ['agentKeepAliveTimeoutBuffer', true],
    ['agentKeepAliveTimeoutBuffer', -1],
    ['agentKeepAliveTimeoutBuffer', Infinity],
  ];
  test.each(nodeCases)("Node's option %s = %p: Node's verdict", (option, value) => {
    let nodeError: (Error & { code?: string }) | undefined;
    let nodeAgent: http.Agent | undefined;
    try {
      nodeAgent = new http.Agent({ keepAlive: true, [option]: value });
    } catch (err) {
      nodeError = err as Error & { code?: string };
    }
    if (nodeError !== undefined) {
      const err = thrown(() => new HttpAgent({ [option]: value }));
      expect(err.constructor).toBe(nodeError.constructor);
      expect(err.code).toBe(nodeError.code);
      expect(err.code).not.toBe(CODE);
      return;
    }
    const agent = new HttpAgent({ [option]: value });
    try {
      for (const field of ['keepAliveMsecs', 'maxSockets', 'maxTotalSockets', 'scheduling'] as const) {
        expect(agent[field]).toEqual(nodeAgent![field]);
      }
      expect(agent.options).toMatchObject({ [option]: value });
    } finally {
      agent.destroy();
      nodeAgent!.destroy();
    }
  });

  test('keepAlive: Node\'s value when given (null and 0 turn it off), true when absent', () => {
    for (const [value, expected] of [[undefined, true], [null, false], [0, false], [1, true], [false, false]] as const) {
      const agent = new HttpAgent({ keepAlive: value as boolean | undefined });
      expect(Boolean(agent.keepAlive)).toBe(expected);
      agent.destroy();
    }
  });

  test('maxFreeSockets and maxCachedSessions, Node\'s options: every value Node accepts, read as Node reads it', () => {
    // [value, Node's agent.maxFreeSockets]: what Node's `freeLen >= maxFreeSockets` compares with.
    const free: Array<[unknown, number]> = [[-1, -1], [1.5, 1.5], ['5', 5], [true, 1], [{}, Infinity], [Infinity, Infinity], [false, 9], [NaN, 9], ['', 9]];
    for (const [value, cap] of free) {
      const node = new http.Agent({ maxFreeSockets: value as number });
      const agent = new HttpAgent({ maxIdleSockets: 9, maxFreeSockets: value as number });
      expect([value, agent.maxFreeSockets]).toEqual([value, cap]);
      // Node's own reading (its default is 256 where ours is maxIdleSockets).
      if (cap !== 9) expect(Number(node.maxFreeSockets)).toBe(cap === Infinity && typeof value === 'object' ? NaN : cap);
      node.destroy();
      agent.destroy();
    }
    for (const value of [0, null, -1, 1.5, '5', true, false, {}, NaN, Infinity]) {
      expect(() => new HttpsAgent({ maxCachedSessions: value as number }).destroy()).not.toThrow();
      expect(() => new https.Agent({ maxCachedSessions: value as number }).destroy()).not.toThrow();
    }
  });

  test('maxFreeSockets 0 and null are Node\'s way of asking for the default', () => {
    for (const value of [0, null]) {
      const agent = new HttpAgent({ maxIdleSockets: 9, maxFreeSockets: value as unknown as number });
      expect(agent.poolOptions.maxFreeSockets).toBe(9);
      expect(agent.maxFreeSockets).toBe(9);
      agent.destroy();
    }
  });

  test('agentKeepAliveTimeoutBuffer is read as Node >= 24 reads it: a bad value is the default', () => {
    for (const value of [true, -1, Infinity, NaN, '5']) {
      const agent = new HttpAgent({ agentKeepAliveTimeoutBuffer: value as number });
      expect(agent.poolOptions.agentKeepAliveTimeoutBuffer).toBe(1000);
      agent.destroy();
    }
    const agent = new HttpAgent({ agentKeepAliveTimeoutBuffer: 0 });
    expect(agent.poolOptions.agentKeepAliveTimeoutBuffer).toBe(0);
    agent.destroy();
  });

  const nearMisses: Array<[string, string]> = [
    ['idleTimout', 'idleTimeout'],
    ['idletimeout', 'idleTimeout'],
    ['maxidlesockets', 'maxIdleSockets'],
    ['MaxIdleSockets', 'maxIdleSockets'],
    ['maxIdleSocket', 'maxIdleSockets'],
    ['maxRequestPerSocket', 'maxRequestsPerSocket'],
    ['maxRequestsPerSockets', 'maxRequestsPerSocket'],
    ['connectTimout', 'connectTimeout'],
    ['limitJiter', 'limitJitter'],
    ['maxSocketLifeTime', 'maxSocketLifetime'],
    ['stripConnectionclose', 'stripConnectionClose'],
    ['queueTimeOut', 'queueTimeout'],
    ['maxFreeSocket', 'maxFreeSockets'],
  ];
  test.each(nearMisses)('a near miss of ours, %s, throws "did you mean %s"', (option, suggestion) => {
    const err = thrown(() => new HttpAgent({ [option]: 5 } as object)) as Error & { code?: string; option?: string; suggestion?: string };
    expect(err).toBeInstanceOf(TypeError);
    expect(err).toBeInstanceOf(UnknownOptionError);
    expect(err.code).toBe(CODE);
    expect(err.option).toBe(option);
    expect(err.suggestion).toBe(suggestion);
    expect(err.message).toContain(`Did you mean "${suggestion}"?`);
  });

  test("keys that Node, net or tls read, and unrelated keys, pass as with Node's agent", () => {
    const agent = new HttpsAgent({
      timeout: 1000,
      maxSockets: 4,
      maxTotalSockets: 8,
      keepAliveMsecs: 500,
      servername: 'example.test',
      ca: 'x',
      lookup: undefined,
      family: 4,
      localAddress: '127.0.0.1',
      noDelay: true,
      sessionTimeout: 10,
      rejectUnauthorized: false,
      customFlag: 1,
      'x-app-setting': 'y',
    } as object);
    expect(agent.options).toMatchObject({ servername: 'example.test', customFlag: 1 });
    agent.destroy();
  });

  test('Infinity is accepted for the limits', () => {
    const agent = new HttpAgent({
      maxIdleSockets: Infinity,
      maxRequestsPerSocket: Infinity,
      maxSocketLifetime: Infinity,
      idleTimeout: Infinity,
    });
    expect(agent.poolOptions.maxFreeSockets).toBe(Infinity);
    agent.destroy();
  });

  test("options that are not an object are taken as none, as Node's agent takes them", () => {
    for (const value of ['keepalive', 5, true]) {
      const agent = new HttpAgent(value as unknown as object);
      expect(agent.poolOptions).toEqual({ ...DEFAULT_POOL_OPTIONS, maxFreeSockets: 256 });
      agent.destroy();
    }
  });

  test('limitJitter: 0 with Infinity limits still pools', async () => {
    const server = await TestServer.start();
    const agent = new HttpAgent({ limitJitter: 0, maxRequestsPerSocket: Infinity, maxSocketLifetime: Infinity });
    try {
      for (let i = 0; i < 3; i++) await request(agent, server.url);
      expect(server.perConnection()).toEqual([3]);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});

describe('HttpAgent.fromNginx', () => {
  test('builds an agent from the contract example', () => {
    const agent = HttpAgent.fromNginx('keepalive 64; keepalive_timeout 60s; keepalive_requests 10000; keepalive_time 1h;');
    expect(agent).toBeInstanceOf(HttpAgent);
    expect(agent.poolOptions).toMatchObject({
      maxIdleSockets: 64,
      idleTimeout: 60000,
      maxRequestsPerSocket: 10000,
      maxSocketLifetime: 3600000,
    });
    agent.destroy();
  });

  test('1h30m, and overrides on top', () => {
    const agent = HttpAgent.fromNginx('keepalive_time 1h30m;', { limitJitter: 0 });
    expect(agent.poolOptions).toMatchObject({ maxSocketLifetime: 5400000, limitJitter: 0 });
    agent.destroy();
  });

  test('unknown directives and bad times are rejected with a typed error', () => {
    for (const text of ['keepalive 8; proxy_pass http://x;', 'keepalive_timeout 10x;', 'keepalive_time 30m1h;']) {
      const err = thrown(() => HttpAgent.fromNginx(text));
      expect(err).toBeInstanceOf(SyntaxError);
      expect(err.code).toBe('ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG');
    }
  });
});

describe('fromNginx overrides', () => {
  test('an override set to undefined does not erase a directive', () => {
    const agent = HttpAgent.fromNginx('keepalive 12;', { maxIdleSockets: undefined, maxSockets: 4 });
    expect(agent.poolOptions.maxIdleSockets).toBe(12);
    expect(agent.maxSockets).toBe(4);
    agent.destroy();
  });
});
