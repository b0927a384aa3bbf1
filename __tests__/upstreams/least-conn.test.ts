/**
 * least_conn as src/http/modules/ngx_http_upstream_least_conn_module.c computes it: the
 * fewest requests in progress relative to weight (`peer->conns * best->weight <
 * best->conns * peer->weight`), smooth weighted round robin among equals.
 */
import type { Peer } from '../../lib/upstreams/peer';
import { harness, nameOf, request, sequence } from './helpers';

const hold = (group: ReturnType<typeof harness>['group']): Peer => {
  const pick = group.pick(request(), group.tried());
  if (typeof pick === 'string') throw new Error(pick);
  return pick;
};

describe('least_conn', () => {
  test('with nothing in progress, round robin among equals: a, b, c', () => {
    const { group } = harness({ balance: 'least_conn', servers: [{ address: 'a:80' }, { address: 'b:80' }, { address: 'c:80' }] });
    expect(sequence(group, 6)).toEqual(['a:80', 'b:80', 'c:80', 'a:80', 'b:80', 'c:80']);
  });

  test('one slow server: the next requests go to the others', () => {
    const { group } = harness({ balance: 'least_conn', servers: [{ address: 'a:80' }, { address: 'b:80' }, { address: 'c:80' }] });
    const slow = hold(group);
    expect(slow.address).toBe('a:80');
    // a has one request in progress: b and c share the sequential ones.
    expect(sequence(group, 6)).toEqual(['b:80', 'c:80', 'b:80', 'c:80', 'b:80', 'c:80']);
    group.release(slow, 'success');
    expect(sequence(group, 3).sort()).toEqual(['a:80', 'b:80', 'c:80']);
  });

  test('requests held open spread by count, the ties broken by the current weights', () => {
    // Current weights (a, b, c), each pass weighing only the peers tied for the fewest:
    // 1: all tie: 1, 1, 1, total 3 -> a, a = -2.   2: b, c tie: 2, 2 -> b, b = 0.
    // 3: c alone -> c (total 0, c stays 2).        4: all tie: -1, 1, 3 -> c, c = 0.
    // 5: a, b tie: 0, 2 -> b, b = 0.               6: a alone -> a.
    const { group } = harness({ balance: 'least_conn', servers: [{ address: 'a:80' }, { address: 'b:80' }, { address: 'c:80' }] });
    const held = Array.from({ length: 6 }, () => hold(group).address);
    expect(held).toEqual(['a:80', 'b:80', 'c:80', 'c:80', 'b:80', 'a:80']);
    expect(group.peers.map((p) => p.active)).toEqual([2, 2, 2]);
  });

  test('relative to weight: a (weight 2) takes two in progress for each of b', () => {
    const { group } = harness({ balance: 'least_conn', servers: [{ address: 'a:80', weight: 2 }, { address: 'b:80' }] });
    const held = Array.from({ length: 6 }, () => hold(group));
    expect(held.map((p) => p.address).filter((a) => a === 'a:80')).toHaveLength(4);
    expect(group.peers.map((p) => p.active)).toEqual([4, 2]);
  });

  test('a failed server is skipped; backups only when no primary can be picked', () => {
    const { group } = harness({
      balance: 'least_conn',
      servers: [{ address: 'a:80' }, { address: 'b:80', maxConns: 1 }, { address: 'c:80', backup: true }],
    });
    const tried = group.tried();
    const a = group.pick(request(), tried) as Peer;
    group.release(a, 'failure');
    expect(nameOf(group.pick(request(), tried))).toBe('b:80'); // b held
    expect(nameOf(group.pick(request(), group.tried()))).toBe('c:80'); // a failed, b at its cap
  });

  test('one server: round robin’s single path', () => {
    const { group } = harness({ balance: 'least_conn', servers: [{ address: 'a:80', maxConns: 1 }] });
    hold(group);
    expect(group.pick(request(), group.tried())).toBe('busy');
  });
});

describe('least_conn, over random holds and releases', () => {
  test('each pick has the fewest requests in progress relative to weight among the servers that can take it', () => {
    let s = 99;
    const next = (n: number): number => (s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0) % n;
    for (let run = 0; run < 50; run++) {
      const weights = Array.from({ length: 2 + next(4) }, () => 1 + next(4));
      const { group } = harness({ balance: 'least_conn', servers: weights.map((weight, i) => ({ address: `p${i}:80`, weight })) });
      const held: Peer[] = [];
      for (let step = 0; step < 60; step++) {
        if (held.length > 0 && next(3) === 0) {
          group.release(held.splice(next(held.length), 1)[0]!, 'success');
          continue;
        }
        const ratios = group.peers.map((p) => p.active / p.weight);
        const pick = hold(group);
        expect(ratios[pick.index]).toBe(Math.min(...ratios));
        held.push(pick);
      }
    }
  });
});
