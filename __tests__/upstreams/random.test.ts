/**
 * `random` and `random two` as src/http/modules/ngx_http_upstream_random_module.c computes
 * them, with the random numbers the test's: `x = ngx_random() % total_weight` is
 * `Math.floor(random() * total_weight)`, the peer the one whose weight range holds `x`.
 */
import { Peer } from '../../lib/upstreams/peer';
import { peekRandomPeer } from '../../lib/upstreams/random';
import { Tier } from '../../lib/upstreams/tier';
import { resolveUpstreamGroup } from '../../lib/upstreams/validate';
import { harness, nameOf, randomOf, request, sequence } from './helpers';

describe('random', () => {
  test('weights 1, 2, 1: ranges [0, 1), [1, 3), [3, 4)', () => {
    const group = resolveUpstreamGroup('g', { servers: [{ address: 'a:80' }, { address: 'b:80', weight: 2 }, { address: 'c:80' }] });
    const tier = new Tier(
      group.servers.map((s, i) => new Peer('g', s, i)),
      false,
      false,
    );
    const draw = (r: number): number => peekRandomPeer(tier, () => r);
    expect([0, 0.24, 0.25, 0.5, 0.74, 0.75, 0.99].map(draw)).toEqual([0, 0, 1, 1, 1, 2, 2]);
  });

  test('the peer drawn, redrawing one that is down or tried', () => {
    const { group } = harness(
      { balance: 'random', servers: [{ address: 'a:80' }, { address: 'b:80', down: true }, { address: 'c:80' }] },
      { random: randomOf([0.5, 0.9, 0.1, 0.5, 0.5, 0.9, 0.9, 0.1]) },
    );
    // 0.5 -> b (down), 0.9 -> c.   0.1 -> a.
    expect(sequence(group, 2)).toEqual(['c:80', 'a:80']);
    const tried = group.tried();
    const first = group.pick(request(), tried) as Peer; // 0.5 b down, 0.5 b down, 0.9 c
    expect(first.address).toBe('c:80');
    group.release(first, 'failure');
    expect(nameOf(group.pick(request(), tried))).toBe('a:80'); // 0.9 c tried, 0.1 a
    expect(tried.scratch.tries).toBe(3);
  });

  test('after 20 redraws in a request, round robin picks', () => {
    const { group } = harness(
      { balance: 'random', servers: [{ address: 'a:80', weight: 9, down: true }, { address: 'b:80' }] },
      { random: randomOf(Array(21).fill(0)) },
    );
    const tried = group.tried();
    expect(nameOf(group.pick(request(), tried))).toBe('b:80');
    expect(tried.scratch.tries).toBe(21);
  });
});

describe('random two', () => {
  const servers = [{ address: 'a:80' }, { address: 'b:80' }, { address: 'c:80' }];

  test('of the two drawn, the one with fewer requests in progress; of equals, the second', () => {
    const { group } = harness({ balance: 'random', two: true, servers }, { random: randomOf([0.1, 0.5, 0.1, 0.5, 0.5, 0.1]) });
    expect(nameOf(group.pick(request(), group.tried()))).toBe('b:80'); // a (0), b (0): equal, the second
    expect(nameOf(group.pick(request(), group.tried()))).toBe('a:80'); // a (0), b (1): a
    expect(nameOf(group.pick(request(), group.tried()))).toBe('a:80'); // b (1), a (1): equal, the second
    expect(group.peers.map((p) => p.active)).toEqual([2, 1, 0]);
  });

  test('relative to weight, and the first peer drawn again is drawn over', () => {
    const { group } = harness(
      { balance: 'random', two: true, servers: [{ address: 'a:80', weight: 2 }, { address: 'b:80' }] },
      { random: randomOf([0.9, 0.1, 0.9, 0.1, 0.1, 0.1, 0.9]) },
    );
    // Ranges: a [0, 2), b [2, 3) of 3.
    // b (0), a (0): equal, the second: a.     b (0), a (1): 1*1 > 0*2, so the first: b.
    // a (1), a again (drawn over), b (1): b 1*2 > a 1*1, so the first: a (weight 2 takes two).
    expect([1, 2, 3].map(() => nameOf(group.pick(request(), group.tried())))).toEqual(['a:80', 'b:80', 'a:80']);
    expect(group.peers.map((p) => p.active)).toEqual([2, 1]);
  });

  test('the draws count towards the same 20: past them round robin picks, even with one peer drawn', () => {
    const { group } = harness(
      { balance: 'random', two: true, servers: [{ address: 'a:80' }, { address: 'b:80', weight: 9, down: true }] },
      { random: randomOf([0, ...Array(20).fill(0.9)]) },
    );
    const tried = group.tried();
    expect(nameOf(group.pick(request(), tried))).toBe('a:80');
    expect(tried.scratch.tries).toBe(21);
  });
});
