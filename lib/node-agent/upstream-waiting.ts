/**
 * The requests of upstream groups that wait for a server under `maxConns` (NGINX Plus's
 * `queue`): one queue per group, in order, bounded by `maxQueuedRequests` and timed by
 * `queueTimeout`. A request its caller aborted counts for nothing and ends, as Node ends it, as
 * soon as the queue is looked at again.
 * @module
 */
import { QueueFullError, QueueTimeoutError } from '../errors';
import { now } from '../rules/clock';
import { MAX_TIMER_MS } from '../rules/timers';
import type { UpstreamGroup } from '../upstreams/group';
import { failRequest } from './node-adapter';
import { type Attempt, type AttemptRequest, kAttempt } from './upstream-attempt';

/** The bounds of every group's queue. */
export interface WaitingSettings {
  readonly maxQueuedRequests: number;
  readonly queueTimeout: number;
}

/** What `getStats().upstreams[i]` says of a group's queue. */
export interface WaitingStats {
  /** Requests waiting now (not those their callers aborted). */
  readonly queued: number;
  /** How long the longest-waiting one has waited (ms; 0: none waits). */
  readonly oldestQueuedMs: number;
}

export class GroupWaiting {
  readonly #queues = new Map<UpstreamGroup, AttemptRequest[]>();
  readonly #settings: WaitingSettings;
  readonly #protocol: string;

  constructor(settings: WaitingSettings, protocol: string) {
    this.#settings = settings;
    this.#protocol = protocol;
  }

  /** `req` waits for a server of its group: failed at once if the queue is full, later if it waits too long. */
  add(req: AttemptRequest, attempt: Attempt): void {
    const group = attempt.group;
    let queue = this.#queues.get(group);
    if (queue === undefined) this.#queues.set(group, (queue = []));
    const { maxQueuedRequests, queueTimeout } = this.#settings;
    const origin = `${this.#protocol}//${group.name}`;
    // Requests their callers aborted while they waited count for nothing: they end now, as Node ends them.
    for (let i = queue.length - 1; i >= 0; i--) {
      const waiting = queue[i]!;
      if (!waiting.destroyed) continue;
      this.remove(waiting, waiting[kAttempt]!);
      failRequest(waiting);
    }
    if (queue.length >= maxQueuedRequests) {
      failRequest(req, new QueueFullError(origin, maxQueuedRequests));
      return;
    }
    queue.push(req);
    attempt.waiting = true;
    attempt.waitingSince = now();
    if (queueTimeout > 0 && queueTimeout !== Infinity) {
      attempt.waiting = setTimeout(() => {
        this.remove(req, attempt);
        failRequest(req, new QueueTimeoutError(origin, queueTimeout));
      }, Math.min(queueTimeout, MAX_TIMER_MS)).unref();
    }
  }

  /** `req` stops waiting (it got a server, closed, or failed). */
  remove(req: AttemptRequest, attempt: Attempt): void {
    if (attempt.waiting === undefined) return;
    if (attempt.waiting !== true) clearTimeout(attempt.waiting);
    attempt.waiting = undefined;
    const queue = this.#queues.get(attempt.group);
    const i = queue?.indexOf(req) ?? -1;
    if (i !== -1) queue!.splice(i, 1);
  }

  /** The request of `group` that has waited longest. */
  head(group: UpstreamGroup): AttemptRequest | undefined {
    return this.#queues.get(group)?.[0];
  }

  /** Every waiting request. */
  all(): AttemptRequest[] {
    return [...this.#queues.values()].flat();
  }

  /** Each group's queue now, by group name. */
  stats(): Map<string, WaitingStats> {
    const t = now();
    const out = new Map<string, WaitingStats>();
    for (const [group, queue] of this.#queues) {
      let queued = 0;
      let oldestQueuedMs = 0;
      for (const req of queue) {
        if (req.destroyed) continue;
        queued++;
        oldestQueuedMs = Math.max(oldestQueuedMs, t - req[kAttempt]!.waitingSince);
      }
      out.set(group.name, { queued, oldestQueuedMs });
    }
    return out;
  }
}
