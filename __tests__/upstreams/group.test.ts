/**
 * UpstreamGroup's API as the agent uses it: a `tried` per request and its next-upstream
 * limits (pc->tries, proxy_next_upstream_tries, proxy_next_upstream_timeout as
 * ngx_http_upstream_next applies them), the requests in progress, the connection counters,
 * the state-change events and the stats.
 */
import { UpstreamGroup } from '../../lib/upstreams/group';
import type { Peer } from '../../lib/upstreams/peer';
import { UpstreamGroups } from '../../lib/upstreams/upstream-groups';
import { resolveUpstreamGroup, resolveUpstreams } from '../../lib/upstreams/validate';
import { harness, nameOf, request } from './helpers';

const three = [{ address: 'a:80' }, { address: 'b:80' }, { address: 'c:80' }];

/** Attempts of one request, each failing, until `tried` allows no more: the servers tried. */
function failAll(group: UpstreamGroup, tried = group.tried(), onEach?: () => void): string[] {
  const out: string[] = [];
  do {
    const pick = group.pick(request(), tried);
    if (typeof pick === 'string') {
      out.push(pick);
      break;
    }
    out.push(pick.address);
    onEach?.();
    group.release(pick, 'failure');
  } while (tried.canRetry());
  return out;
}

describe('next upstream', () => {
  test('each server once: one attempt per server not down (backups included)', () => {
    const { group } = harness({ servers: [...three, { address: 'd:80', down: true }, { address: 'e:80', backup: true }] });
    expect(failAll(group)).toEqual(['a:80', 'b:80', 'c:80', 'e:80']);
  });

  test('nextUpstreamTries caps the attempts (0 and Infinity do not)', () => {
    expect(failAll(harness({ servers: three, nextUpstreamTries: 2 }).group)).toEqual(['a:80', 'b:80']);
    expect(failAll(harness({ servers: three, nextUpstreamTries: 5 }).group)).toHaveLength(3);
    expect(failAll(harness({ servers: three, nextUpstreamTries: Infinity }).group)).toHaveLength(3);
    expect(harness({ servers: three, nextUpstreamTries: 1 }).group.tried().remaining).toBe(1);
  });

  test('nextUpstreamTimeout: no attempt once it has passed since the request’s first pick', () => {
    const { group, clock } = harness({ servers: three, nextUpstreamTimeout: 1_000 });
    const tried = group.tried();
    expect(failAll(group, tried, () => clock.advance(600))).toEqual(['a:80', 'b:80']);
    expect(tried.remaining).toBe(1);
    expect(tried.canRetry()).toBe(false);
  });

  test('a failure on a reused connection gives its attempt back (ngx_http_upstream_next: u->peer.tries++ for a cached connection)', () => {
    const { group } = harness({ servers: three, nextUpstreamTries: 2 });
    const tried = group.tried();
    const a = group.pick(request(), tried) as Peer;
    group.release(a, 'failure');
    tried.refundAttempt();
    expect(tried.remaining).toBe(2);
    expect(a.fails).toBe(1);
    expect(failAll(group, tried)).toEqual(['b:80', 'c:80']);
  });

  test('the servers a request tried are listed for its error', () => {
    const { group } = harness({ servers: three });
    const tried = group.tried();
    failAll(group, tried);
    expect(tried.picked.map((p) => p.address)).toEqual(['a:80', 'b:80', 'c:80']);
    expect(tried.tier).toBe('primary');
  });
});

describe('requests in progress and connections', () => {
  test('pick counts a request on the peer until its release; releasing more than picked leaves 0', () => {
    const { group } = harness({ servers: three });
    const a = group.pick(request(), group.tried()) as Peer;
    expect(a.active).toBe(1);
    group.release(a, 'success');
    group.release(a, 'success');
    expect(a.active).toBe(0);
  });

  test('connectionOpened / connectionClosed count the open connections of each peer', () => {
    const { group } = harness({ servers: three });
    const [a, b] = group.peers;
    group.connectionOpened(a!);
    group.connectionOpened(a!);
    group.connectionOpened(b!);
    group.connectionClosed(a!);
    group.connectionClosed(b!);
    group.connectionClosed(b!);
    expect(group.stats().peers.map((p) => p.open)).toEqual([1, 0, 0]);
  });

  test('a peer or a tried set of another group is refused', () => {
    const one = harness({ servers: three }).group;
    const other = harness({ servers: three }).group;
    const peer = one.pick(request(), one.tried()) as Peer;
    expect(() => other.release(peer, 'success')).toThrow('is not of upstream group "g"');
    expect(() => other.pick(request(), one.tried())).toThrow('the tried set given is not of upstream group "g"');
  });
});

describe('events and stats', () => {
  test('the stats of a group: counters, and per server (primaries, then backups) state, weights and counts', () => {
    const { group, clock } = harness({ servers: [{ address: 'a:80', weight: 2 }, { address: 'b:80', maxConns: 1 }, { address: 'c:80', backup: true }, { address: 'd:80', down: true }] });
    const t0 = clock.now;
    const a = group.pick(request(), group.tried()) as Peer;
    group.release(a, 'failure');
    const b = group.pick(request(), group.tried()) as Peer;
    expect(nameOf(b)).toBe('b:80');
    expect(nameOf(group.pick(request(), group.tried()))).toBe('c:80');
    expect(group.stats()).toEqual({
      name: 'g',
      balance: 'round_robin',
      picks: 3,
      busy: 0,
      none: 0,
      peers: [
        { address: 'a:80', server: 'a:80', host: 'a', port: 80, backup: false, state: 'failed', until: t0 + 10_000, weight: 2, effectiveWeight: 0, active: 0, open: 0, idle: 0, picks: 1, requests: 0, failures: 1, fails: 1, unavailable: 1 },
        { address: 'b:80', server: 'b:80', host: 'b', port: 80, backup: false, state: 'up', until: undefined, weight: 1, effectiveWeight: 1, active: 1, open: 0, idle: 0, picks: 1, requests: 0, failures: 0, fails: 0, unavailable: 0 },
        { address: 'd:80', server: 'd:80', host: 'd', port: 80, backup: false, state: 'down', until: undefined, weight: 1, effectiveWeight: 1, active: 0, open: 0, idle: 0, picks: 0, requests: 0, failures: 0, fails: 0, unavailable: 0 },
        { address: 'c:80', server: 'c:80', host: 'c', port: 80, backup: true, state: 'backup', until: undefined, weight: 1, effectiveWeight: 1, active: 1, open: 0, idle: 0, picks: 1, requests: 0, failures: 0, fails: 0, unavailable: 0 },
      ],
    });
  });

  test('a failed server’s state turns to probing once failTimeout has passed, reported at the next pick or release', () => {
    const { group, clock, events } = harness({ servers: [{ address: 'a:80', failTimeout: 1_000 }, { address: 'b:80' }] });
    const t0 = clock.now;
    group.release(group.pick(request(), group.tried()) as Peer, 'failure');
    clock.advance(1_001);
    expect(group.stateOf(group.peers[0]!)).toBe('probing');
    expect(events.map((e) => e.to)).toEqual(['failed']);
    const b = group.pick(request(), group.tried()) as Peer; // a's effective weight is 0: b first
    expect(b.address).toBe('b:80');
    expect(events.slice(1)).toEqual([{ group: 'g', address: 'a:80', server: 'a:80', from: 'failed', to: 'probing', at: t0 + 1_001, until: undefined }]);
  });

  test('the default clock and random source', () => {
    const group = new UpstreamGroup(resolveUpstreamGroup('g', { balance: 'random', two: true, servers: three }));
    for (let i = 0; i < 20; i++) expect(['a:80', 'b:80', 'c:80']).toContain(nameOf(group.pick(request(), group.tried())));
    const failed = group.peers[0]!;
    group.release(failed, 'failure');
    expect(group.stats().peers[0]!.until).toBeGreaterThan(performance.now());
  });
});

describe('UpstreamGroups', () => {
  test('finds a group by the host a request names, without case; other hosts are no group', () => {
    const groups = new UpstreamGroups(
      resolveUpstreams({ api_backend: { servers: [{ address: 'a:80' }] }, Static: { balance: 'least_conn', servers: [{ address: 's:80' }] } }),
    );
    expect(groups.size).toBe(2);
    expect(groups.get('API_BACKEND')?.name).toBe('api_backend');
    expect(groups.get('static')?.balance).toBe('least_conn');
    expect(groups.get('example.com')).toBeUndefined();
    expect([...groups].map((g) => g.name)).toEqual(['api_backend', 'Static']);
    expect(groups.stats().map((s) => s.name)).toEqual(['api_backend', 'Static']);
    expect(new UpstreamGroups(resolveUpstreams(undefined)).get('api_backend')).toBeUndefined();
  });
});
