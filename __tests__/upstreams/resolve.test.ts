/**
 * `resolve` servers in the core: each address of the name a peer with the server's
 * parameters, peers kept with their state across a change (as
 * ngx_http_upstream_zone_resolve_handler keeps them), requests under way going on, stale peers
 * released harmlessly, and `hash … consistent` hashing the server's name.
 */
import type { Peer } from '../../lib/upstreams/peer';
import { harness, nameOf, request, sequence, tally } from './helpers';

const picked = (p: Peer | 'busy' | 'none'): Peer => {
  if (typeof p === 'string') throw new Error(`no peer: ${p}`);
  return p;
};

describe('the peers of a resolve server', () => {
  test('none until the name resolves; then one per address, with the server’s parameters, named by the address and the server', () => {
    const { group } = harness({
      servers: [
        { address: 'api.test:8080', resolve: true, weight: 3, maxFails: 2, failTimeout: 500, maxConns: 4 },
        { address: 'spare.test:81', resolve: true, backup: true, down: true },
        { address: '10.0.0.9:80', resolve: true }, // an IP address is used as it is (NGINX)
        { address: 'static.test:80' }, // resolved when connecting
      ],
    });
    expect(group.resolvable.map((s) => [s.index, s.host])).toEqual([
      [0, 'api.test'],
      [1, 'spare.test'],
    ]);
    expect(group.peers.map((p) => p.address)).toEqual(['10.0.0.9:80', 'static.test:80']);
    expect(group.setAddresses(0, ['10.0.0.1', '10.0.0.2', '10.0.0.1']).added.map((p) => p.address)).toEqual(['10.0.0.1:8080', '10.0.0.2:8080']);
    group.setAddresses(1, ['::1']);
    expect(group.peers.map((p) => [p.address, p.server, p.host, p.port])).toEqual([
      ['10.0.0.1:8080', 'api.test:8080', '10.0.0.1', 8080],
      ['10.0.0.2:8080', 'api.test:8080', '10.0.0.2', 8080],
      ['10.0.0.9:80', '10.0.0.9:80', '10.0.0.9', 80],
      ['static.test:80', 'static.test:80', 'static.test', 80],
      ['[::1]:81', 'spare.test:81', '::1', 81],
    ]);
    const [a, b] = group.peers;
    for (const p of [a!, b!]) expect([p.weight, p.maxFails, p.failTimeout, p.maxConns, p.backup, p.down]).toEqual([3, 2, 500, 4, false, false]);
    expect([group.peers[4]!.backup, group.peers[4]!.down]).toEqual([true, true]);
    expect(group.stats().peers.map((p) => p.state)).toEqual(['up', 'up', 'up', 'up', 'down']);
  });

  test('weights apply per address: each address of a weight-2 name counts as a server of weight 2', () => {
    const { group } = harness({ servers: [{ address: 'api.test:80', resolve: true, weight: 2 }, { address: 'c:80' }] });
    group.setAddresses(0, ['10.0.0.1', '10.0.0.2']);
    expect(tally(sequence(group, 50))).toEqual({ '10.0.0.1:80': 20, '10.0.0.2:80': 20, 'c:80': 10 });
  });

  test('a change keeps the peers whose address stays, with their weights, passive health and counters; new ones come after', () => {
    const { group, events } = harness({ servers: [{ address: 'api.test:80', resolve: true, maxFails: 1 }] });
    group.setAddresses(0, ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    const [a, b, c] = group.peers;
    group.release(picked(group.pick(request(), group.tried())), 'failure'); // a fails: out for 10 s
    sequence(group, 4);
    const before = { fails: a!.fails, effective: a!.effectiveWeight, current: b!.currentWeight, requests: group.stats().peers[1]!.requests };
    expect(group.stateOf(a!)).toBe('failed');

    const change = group.setAddresses(0, ['10.0.0.4', '10.0.0.2', '10.0.0.1']);
    expect(change.removed).toEqual([c]);
    expect(change.added.map((p) => p.address)).toEqual(['10.0.0.4:80']);
    expect(group.peers.map((p) => p.address)).toEqual(['10.0.0.1:80', '10.0.0.2:80', '10.0.0.4:80']);
    expect(group.peers[0]).toBe(a);
    expect(group.peers[1]).toBe(b);
    expect({ fails: a!.fails, effective: a!.effectiveWeight, current: b!.currentWeight, requests: group.stats().peers[1]!.requests }).toEqual(before);
    expect(group.stats().peers.map((p) => [p.state, p.unavailable])).toEqual([
      ['failed', 1],
      ['up', 0],
      ['up', 0],
    ]);
    expect(group.setAddresses(0, ['10.0.0.1', '10.0.0.2', '10.0.0.4'])).toEqual({ added: [], removed: [] });
    expect(events.map((e) => [e.address, e.server, e.to])).toEqual([['10.0.0.1:80', 'api.test:80', 'failed']]);
  });

  test('a request under way goes on across a change: the servers it tried stay tried, a removed peer is released harmlessly', () => {
    const { group, events } = harness({ servers: [{ address: 'api.test:80', resolve: true }, { address: 'b:80' }] });
    group.setAddresses(0, ['10.0.0.1', '10.0.0.2']);
    const tried = group.tried();
    const first = picked(group.pick(request(), tried));
    expect(first.address).toBe('10.0.0.1:80');
    group.setAddresses(0, ['10.0.0.3']); // first is gone while the request uses it
    group.release(first, 'failure');
    expect(events).toEqual([]);
    const next = [picked(group.pick(request(), tried)), picked(group.pick(request(), tried))].map((p) => p.address);
    expect(next.sort()).toEqual(['10.0.0.3:80', 'b:80']);
    expect(group.pick(request(), tried)).toBe('none');
    expect(group.stats().peers.map((p) => [p.address, p.active, p.failures])).toEqual([
      ['10.0.0.3:80', 1, 0],
      ['b:80', 1, 0],
    ]);
    expect(() => group.release(harness({ servers: [{ address: 'x:1' }] }).group.peers[0]!, 'success')).toThrow('is not of upstream group');
  });

  test('a request waiting under maxConns takes a new address', () => {
    const { group } = harness({ servers: [{ address: 'api.test:80', resolve: true, maxConns: 1 }] });
    group.setAddresses(0, ['10.0.0.1']);
    const held = picked(group.pick(request(), group.tried()));
    const waiting = group.tried();
    expect(group.pick(request(), waiting)).toBe('busy');
    group.setAddresses(0, ['10.0.0.1', '10.0.0.2']);
    expect(nameOf(group.pick(request(), waiting))).toBe('10.0.0.2:80');
    group.release(held, 'success');
  });

  test('one address is a group of one server (its failures not counted), two are not', () => {
    const { group } = harness({ servers: [{ address: 'api.test:80', resolve: true }] });
    group.setAddresses(0, ['10.0.0.1']);
    group.release(picked(group.pick(request(), group.tried())), 'failure');
    expect(group.stats().peers[0]).toMatchObject({ state: 'up', fails: 0 });
    group.setAddresses(0, ['10.0.0.1', '10.0.0.2']);
    group.release(picked(group.pick(request(), group.tried())), 'failure');
    expect(group.stats().peers.map((p) => p.state)).toEqual(['failed', 'up']);
  });

  test('a backup name with no address yet: no server once the primaries failed; its addresses serve once resolved', () => {
    const { group } = harness({ servers: [{ address: 'a:80' }, { address: 'b:80' }, { address: 'spare.test:80', resolve: true, backup: true }] });
    const tried = group.tried();
    expect(tried.remaining).toBe(2);
    group.release(picked(group.pick(request(), tried)), 'failure');
    group.release(picked(group.pick(request(), tried)), 'failure');
    expect(group.pick(request(), tried)).toBe('none');
    group.setAddresses(2, ['10.0.0.7']);
    expect(nameOf(group.pick(request(), group.tried()))).toBe('10.0.0.7:80');
  });

  test('a failed resolution keeps the peers; the stats show each name’s addresses, resolutions and last failure', () => {
    const { group, clock } = harness({ servers: [{ address: 'api.test:80', resolve: true }, { address: 'other.test:80', resolve: true }] });
    expect(group.unresolved().map((u) => [u.address, u.error.message])).toEqual([
      ['api.test:80', 'the name "api.test" is not resolved yet'],
      ['other.test:80', 'the name "other.test" is not resolved yet'],
    ]);
    const t0 = clock.now;
    group.setAddresses(0, ['10.0.0.1', '10.0.0.2']);
    clock.advance(100);
    group.resolveFailed(0, Object.assign(new Error('getaddrinfo ENOTFOUND api.test'), { code: 'ENOTFOUND' }));
    group.resolveFailed(1, new Error('no code'));
    expect(group.peers.map((p) => p.address)).toEqual(['10.0.0.1:80', '10.0.0.2:80']);
    expect(group.unresolved().map((u) => [u.address, u.error.message])).toEqual([['other.test:80', 'no code']]);
    expect(group.stats().resolved).toEqual([
      {
        server: 'api.test:80',
        host: 'api.test',
        port: 80,
        addresses: ['10.0.0.1:80', '10.0.0.2:80'],
        resolutions: 1,
        failures: 1,
        resolvedAt: t0,
        lastError: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.test', at: t0 + 100 },
      },
      { server: 'other.test:80', host: 'other.test', port: 80, addresses: [], resolutions: 0, failures: 1, resolvedAt: undefined, lastError: { code: undefined, message: 'no code', at: t0 + 100 } },
    ]);
    expect(harness({ servers: [{ address: 'a:80' }] }).group.stats().resolved).toBeUndefined();
    expect(() => group.setAddresses(0, [])).toThrow(RangeError);
    expect(() => harness({ servers: [{ address: 'a:80' }] }).group.setAddresses(0, ['10.0.0.1'])).toThrow('is not resolved while the agent runs');
  });
});

describe('hash … consistent with resolve servers', () => {
  const keyed = (key: string): ReturnType<typeof request> => request('/', { 'x-key': key });
  const options = { balance: 'hash' as const, consistent: true, hashKey: (r: { headers: Record<string, unknown> }) => String(r.headers['x-key']) };

  test('the ring hashes the server’s name: a change of one name’s addresses moves no key to another server', () => {
    const { group } = harness({ ...options, servers: [{ address: 'a.test:80', resolve: true }, { address: 'b.test:80', resolve: true }, { address: 'c:80' }] });
    group.setAddresses(0, ['10.0.0.1', '10.0.0.2']);
    group.setAddresses(1, ['10.0.1.1']);
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    const serverOf = (): string[] => keys.map((k) => picked(group.pick(keyed(k), group.tried())).server);
    const before = serverOf();
    expect(new Set(before)).toEqual(new Set(['a.test:80', 'b.test:80', 'c:80']));
    group.setAddresses(0, ['10.0.0.3']);
    group.setAddresses(1, ['10.0.1.1', '10.0.1.2', '10.0.1.3']);
    expect(serverOf()).toEqual(before);
    // The addresses of one name share its points: round robin among them.
    const onB = keys.filter((_, i) => before[i] === 'b.test:80').slice(0, 6);
    const addresses = onB.map((k) => picked(group.pick(keyed(k), group.tried())).address);
    expect(new Set(addresses).size).toBeGreaterThan(1);
  });

  test('a ring with no point yet (no name resolved) falls back to round robin', () => {
    const { group } = harness({ ...options, servers: [{ address: 'a.test:80', resolve: true }] });
    expect(group.pick(keyed('k'), group.tried())).toBe('none');
    group.setAddresses(0, ['10.0.0.1']);
    expect(nameOf(group.pick(keyed('k'), group.tried()))).toBe('10.0.0.1:80');
  });
});
