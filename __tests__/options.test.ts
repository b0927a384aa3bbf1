import { DEFAULT_POOL_OPTIONS, HttpAgent, InvalidOptionRangeError, InvalidOptionTypeError } from '../lib';
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
    ['maxFreeSockets', null],
    ['idleTimeout', '60s'],
    ['agentKeepAliveTimeoutBuffer', true],
    ['maxRequestsPerSocket', {}],
    ['maxSocketLifetime', '1h'],
    ['limitJitter', '0.1'],
    ['stripConnectionClose', 'yes'],
    ['keepAlive', 1],
    ['maxSockets', '5'],
    ['maxTotalSockets', []],
    ['timeout', '1000'],
    ['keepAliveMsecs', false],
    ['scheduling', 1],
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
    ['maxFreeSockets', 0],
    ['idleTimeout', 0],
    ['idleTimeout', -5],
    ['agentKeepAliveTimeoutBuffer', -1],
    ['agentKeepAliveTimeoutBuffer', Infinity],
    ['maxRequestsPerSocket', 0],
    ['maxRequestsPerSocket', 1.5],
    ['maxSocketLifetime', 0],
    ['limitJitter', -0.1],
    ['limitJitter', 1],
    ['maxSockets', 0],
    ['maxTotalSockets', -2],
    ['timeout', -1],
    ['scheduling', 'random'],
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

  test('options that are not an object are rejected', () => {
    const err = thrown(() => new HttpAgent('keepalive' as unknown as object));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.code).toBe(CODE);
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
