/**
 * Smooth weighted round robin as src/http/ngx_http_upstream_round_robin.c computes it
 * (ngx_http_upstream_get_peer), the per-request `tried` bitmap, and the backup tier
 * (the `failed:` path of ngx_http_upstream_get_round_robin_peer).
 */
import { harness, nameOf, request, sequence, tally } from './helpers';

const servers = (...weights: number[]) => weights.map((weight, i) => ({ address: `${'abcdefgh'[i]}:80`, weight }));

describe('round robin', () => {
  test('weights 5, 1, 1 give NGINX’s sequence a, a, b, a, c, a, a, and again', () => {
    const { group } = harness({ servers: servers(5, 1, 1) });
    const once = ['a:80', 'a:80', 'b:80', 'a:80', 'c:80', 'a:80', 'a:80'];
    expect(sequence(group, 14)).toEqual([...once, ...once]);
  });

  test('the first of equal current weights wins: weights 1, 1, 1 go a, b, c', () => {
    const { group } = harness({ servers: servers(1, 1, 1) });
    expect(sequence(group, 6)).toEqual(['a:80', 'b:80', 'c:80', 'a:80', 'b:80', 'c:80']);
  });

  test('5, 3 and a backup over 80 requests: 50 / 30 / 0', () => {
    const { group } = harness({ servers: [...servers(5, 3), { address: 'c:80', backup: true }] });
    expect(tally(sequence(group, 80))).toEqual({ 'a:80': 50, 'b:80': 30 });
  });

  test('a failure lowers effective_weight by weight / max_fails, and each pass it can be picked in gives one back', () => {
    // Worked from ngx_http_upstream_get_peer / ngx_http_upstream_free_round_robin_peer:
    // a(w4, max_fails 2), b(w1), c(w1), current weights 0.
    // 1: a 4, b 1, c 1, total 6 -> a, a = -2; a fails: fails 1 (< 2), effective 4 - 4/2 = 2.
    // 2: a -2+2=0 (eff 3), b 2, c 2, total 4 -> b (first of 2), b = -2.
    // 3: a 0+3=3 (eff 4), b -1, c 3, total 5 -> a (c is not greater), a = -2.
    // 4: a 2, b 0, c 4, total 6 -> c, c = -2.    5: a 6, b 1, c -1 -> a.
    const { group } = harness({ servers: [{ address: 'a:80', weight: 4, maxFails: 2 }, ...servers(0, 1, 1).slice(1)] });
    const a = group.peers[0]!;
    const first = group.pick(request(), group.tried());
    expect(first).toBe(a);
    group.release(a, 'failure');
    expect(a.effectiveWeight).toBe(2);
    expect(a.fails).toBe(1);
    const picks: string[] = [];
    const effective: number[] = [];
    for (let i = 0; i < 4; i++) {
      picks.push(...sequence(group, 1));
      effective.push(a.effectiveWeight);
    }
    expect(picks).toEqual(['b:80', 'a:80', 'c:80', 'a:80']);
    expect(effective).toEqual([3, 4, 4, 4]);
    expect(group.stateOf(a)).toBe('up');
  });

  test('effective_weight does not go below 0 (max_fails 1: one failure takes it to 0)', () => {
    const { group, clock } = harness({ servers: [{ address: 'a:80', weight: 3 }, { address: 'b:80' }] });
    const a = group.peers[0]!;
    group.release(group.pick(request(), group.tried()) as typeof a, 'failure');
    expect(a.effectiveWeight).toBe(0);
    clock.advance(10_001);
    // Eligible again: each pass adds 0 then recovers one (slow start, NGINX's way).
    sequence(group, 3);
    expect(a.effectiveWeight).toBe(3);
  });

  test('a request never tries a server twice: the tried bitmap', () => {
    const { group } = harness({ servers: servers(1, 1, 1), nextUpstreamTries: 0 });
    const tried = group.tried();
    expect(tried.remaining).toBe(3);
    const seen: string[] = [];
    while (tried.canRetry()) {
      const pick = group.pick(request(), tried);
      if (typeof pick === 'string') throw new Error(pick);
      seen.push(pick.address);
      group.release(pick, 'failure');
    }
    expect(seen.sort()).toEqual(['a:80', 'b:80', 'c:80']);
    expect(tried.remaining).toBe(0);
    expect(tried.picked.map((p) => p.address).sort()).toEqual(['a:80', 'b:80', 'c:80']);
  });

  test('a down server is never picked and offers no attempt', () => {
    const { group } = harness({ servers: [{ address: 'a:80', down: true }, { address: 'b:80' }, { address: 'c:80' }] });
    expect(group.tried().remaining).toBe(2);
    expect(tally(sequence(group, 10))).toEqual({ 'b:80': 5, 'c:80': 5 });
    expect(group.stats().peers[0]!.state).toBe('down');
  });

  test('every server down: none', () => {
    const { group } = harness({ servers: [{ address: 'a:80', down: true }, { address: 'b:80', down: true }] });
    expect(nameOf(group.pick(request(), group.tried()))).toBe('none');
    expect(group.stats().none).toBe(1);
  });

  test('the backup tier takes the request once no primary can be picked, and the request stays there', () => {
    const { group } = harness({ servers: [...servers(1, 1), { address: 'c:80', backup: true }, { address: 'd:80', backup: true }] });
    const tried = group.tried();
    expect(tried.remaining).toBe(4);
    const picks: string[] = [];
    for (let i = 0; i < 4; i++) {
      const pick = group.pick(request(), tried);
      if (typeof pick === 'string') throw new Error(pick);
      picks.push(`${pick.address}/${tried.tier}`);
      group.release(pick, 'failure');
    }
    expect(picks).toEqual(['a:80/primary', 'b:80/primary', 'c:80/backup', 'd:80/backup']);
    expect(tried.canRetry()).toBe(false);
    expect(nameOf(group.pick(request(), tried))).toBe('none');
  });
});

describe('round robin, over many weight sets', () => {
  /** A seeded generator, so that a failure can be replayed. */
  function lcg(seed: number): (n: number) => number {
    let s = seed >>> 0;
    return (n) => {
      s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0;
      return s % n;
    };
  }

  test('every cycle of total-weight picks gives each server exactly its weight (the property of smooth weighted round robin)', () => {
    const next = lcg(16);
    for (let run = 0; run < 200; run++) {
      const weights = Array.from({ length: 1 + next(6) }, () => 1 + next(10));
      const total = weights.reduce((a, b) => a + b, 0);
      const { group } = harness({ servers: servers(...weights) });
      for (let cycle = 0; cycle < 3; cycle++) {
        const counts = tally(sequence(group, total));
        expect(weights.map((_, i) => counts[`${'abcdefgh'[i]}:80`] ?? 0)).toEqual(weights);
      }
    }
  });
});
