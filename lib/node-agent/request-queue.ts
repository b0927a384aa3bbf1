import type { ClientRequest } from 'node:http';
import { type AgentFrontEnd, announce, type RequestDequeuedMessage, type RequestQueuedMessage, type RequestRejectedMessage, wants } from '../observability/diagnostics';
import { AgentClosedError, QueueFullError, QueueTimeoutError } from '../errors';
import { failRequest, removeQueued } from './node-adapter';
import type { InternalAgent } from './node-internals';
import { now } from '../rules/clock';
import { MAX_TIMER_MS } from '../rules/timers';

/** What the guard keeps of a waiting request. */
interface Waiting {
  readonly name: string;
  readonly origin: string;
  readonly since: number;
  timer: NodeJS.Timeout | undefined;
}

type Rejection = RequestRejectedMessage['reason'];

/**
 * Bounds and watches Node's request queue (`agent.requests`, which stays the queue):
 * `maxQueuedRequests` per origin and `queueTimeout`. A request is failed the way Node's agent
 * fails one whose connection could not be made: `req.onSocket(null, err)`, which emits the
 * request's `'error'` and `'close'`.
 *
 * A waiting request that its caller aborts (`req.destroy()`, an `AbortSignal`) stays in
 * Node's queue as it does with Node's agent, until a socket frees and Node passes it on (Node
 * emits the request's `'close'` then); nothing is patched onto the request to notice sooner.
 * It no longer counts: not against `maxQueuedRequests`, not in the `queued` stats, not in the
 * longest wait, and its `queueTimeout` does not fail it.
 */
export class QueueGuard {
  private readonly waiting = new Map<ClientRequest, Waiting>();

  constructor(
    private readonly agent: InternalAgent,
    private readonly frontEnd: AgentFrontEnd,
    private readonly maxQueuedRequests: number,
    private readonly queueTimeout: number,
  ) {}

  /** Requests waiting now. */
  get size(): number {
    return this.waiting.size;
  }

  /** Node just queued `req` (the last of `agent.requests[name]`): bound it, time it, watch for aborts. */
  onQueued(req: ClientRequest, name: string, origin: string): void {
    const queue = this.agent.requests[name] as ClientRequest[] | undefined;
    if (queue === undefined || queue[queue.length - 1] !== req) return;
    if (queue.length > this.maxQueuedRequests && liveCount(queue) > this.maxQueuedRequests) {
      removeQueued(this.agent, name, req);
      this.fail(req, origin, 'queue_full', new QueueFullError(origin, this.maxQueuedRequests), 0);
      return;
    }
    const entry: Waiting = { name, origin, since: now(), timer: undefined };
    this.waiting.set(req, entry);
    if (this.queueTimeout > 0 && this.queueTimeout !== Infinity) {
      // unref(): a waiting request alone does not keep the process alive, as with Node's agent.
      entry.timer = setTimeout(() => this.expire(req), Math.min(this.queueTimeout, MAX_TIMER_MS)).unref();
    }
    if (wants(this.agent, 'requestQueued')) {
      announce(this.agent, 'requestQueued', { frontEnd: this.frontEnd, agent: this.agent, request: req, origin, queued: queue.length } satisfies RequestQueuedMessage);
    }
  }

  /** Node is handing a socket to `req`, the head of its origin's queue. */
  onDequeued(req: ClientRequest): void {
    const entry = this.release(req);
    if (entry === undefined) return;
    if (req.destroyed) {
      // Aborted while it waited: Node hands it the socket, and it passes the socket on.
      this.announceRejected(req, entry.origin, 'aborted', undefined, now() - entry.since);
      return;
    }
    if (wants(this.agent, 'requestDequeued')) {
      const waited = now() - entry.since;
      announce(this.agent, 'requestDequeued', { frontEnd: this.frontEnd, agent: this.agent, request: req, origin: entry.origin, waited } satisfies RequestDequeuedMessage);
    }
  }

  /** Fails every waiting request with an `AgentClosedError` (`agent.close()`; one its caller aborted ends as Node ends it). */
  failAll(): void {
    for (const [req, entry] of [...this.waiting]) {
      this.release(req);
      removeQueued(this.agent, entry.name, req);
      this.fail(req, entry.origin, 'agent_closed', new AgentClosedError(), now() - entry.since);
    }
  }

  /** Milliseconds the longest-waiting request has waited, per origin and overall. */
  oldestWait(): { total: number; byOrigin: Map<string, number> } {
    const t = now();
    const byOrigin = new Map<string, number>();
    let total = 0;
    for (const [req, entry] of this.waiting) {
      if (req.destroyed) continue;
      const waited = t - entry.since;
      if (waited > (byOrigin.get(entry.origin) ?? 0)) byOrigin.set(entry.origin, waited);
      if (waited > total) total = waited;
    }
    return { total, byOrigin };
  }

  /** Fails a request at once, before it is queued or sent (used for requests after `close()`). */
  reject(req: ClientRequest, origin: string, reason: Rejection, error: Error): void {
    this.fail(req, origin, reason, error, 0);
  }

  private expire(req: ClientRequest): void {
    const entry = this.release(req);
    if (entry === undefined) return;
    if (req.destroyed) {
      // Aborted meanwhile: it leaves Node's queue as Node's agent lets it, when a socket frees.
      this.announceRejected(req, entry.origin, 'aborted', undefined, now() - entry.since);
      return;
    }
    removeQueued(this.agent, entry.name, req);
    this.fail(req, entry.origin, 'queue_timeout', new QueueTimeoutError(entry.origin, this.queueTimeout), now() - entry.since);
  }

  private release(req: ClientRequest): Waiting | undefined {
    const entry = this.waiting.get(req);
    if (entry === undefined) return undefined;
    this.waiting.delete(req);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    return entry;
  }

  private announceRejected(req: ClientRequest, origin: string, reason: Rejection, error: Error | undefined, waited: number): void {
    if (wants(this.agent, 'requestRejected')) {
      announce(this.agent, 'requestRejected', { frontEnd: this.frontEnd, agent: this.agent, request: req, origin, reason, waited, error } satisfies RequestRejectedMessage);
    }
  }

  private fail(req: ClientRequest, origin: string, reason: Rejection, error: Error, waited: number): void {
    // Aborted by its caller: it ends as Node ends it (failRequest), not with our error.
    if (req.destroyed) this.announceRejected(req, origin, 'aborted', undefined, waited);
    else this.announceRejected(req, origin, reason, error, waited);
    failRequest(req, error);
  }
}

/** Requests of a queue that have not been aborted. */
function liveCount(queue: readonly ClientRequest[]): number {
  let n = 0;
  for (const req of queue) if (!req.destroyed) n++;
  return n;
}
