import type { ClientRequest, ClientRequestArgs, IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { CloseReason } from '../rules/close-reasons';
import { hasConnectionToken, markLastRequest, stripConnectionClose } from '../http/connection-header';
import { AgentClosedError, InvalidOptionRangeError, InvalidOptionTypeError } from '../errors';
import { watchConnect } from './connect-watch';
import { QueueGuard } from './request-queue';
import { announce, type SocketClosedMessage, type SocketCreatedMessage, type SocketReusedMessage, wants } from '../observability/diagnostics';
import { drawLifetime, drawRequestLimit } from '../rules/jitter';
import { keepAliveHintOf } from '../rules/keep-alive-header';
import { originLabel } from '../observability/origin';
import { OriginRegistry } from '../observability/origin-registry';
import type { InternalAgent, InternalClientRequest, InternalConnectOptions, InternalSocket } from './node-internals';
import type { ResolvedPoolOptions } from '../options/options';
import { kRecord, type RecordedSocket, type SocketRecord } from './socket-record';
import { type AgentStats, snapshotStats } from '../observability/stats';
import { MAX_TIMER_MS } from '../rules/timers';

type PooledSocket = InternalSocket & RecordedSocket;

/** What `agent.describeSocket(socket)` returns. */
export interface SocketInfo {
  /** The socket's origin, `scheme://host:port` (the key of `getStats().origins`). */
  origin: string;
  /** `active` (bound to a request or connecting), `idle` (in the pool) or `closed`. */
  state: 'active' | 'idle' | 'closed';
  /** Requests started on the socket. */
  requests: number;
  /** The socket's own request limit, drawn with `limitJitter`. */
  requestLimit: number;
  /** The socket's own lifetime (ms), drawn with `limitJitter`. */
  lifetime: number;
  /** Milliseconds since the connection was opened. */
  age: number;
  /** Why it closed, once closed. */
  closeReason: CloseReason | undefined;
}

/**
 * What a socket whose bound request was aborted before it started shows Node's 'free'
 * listener in place of that request: an exchange that may be followed by another.
 */
const SERVED_CLEANLY = Object.freeze({ shouldKeepAlive: true, res: null }) as unknown as InternalClientRequest;

/** Origins kept in the per-origin stats; past it, idle origins are folded into the totals. */
const MAX_ORIGINS = 1000;

const now = (): number => performance.now();

/** One `createSocket` call under way (the per-call state; calls may nest through user code). */
export interface CreateCall {
  readonly req: InternalClientRequest;
  /** Opened by `addRequest` for `req` (not by `removeSocket` for a queued request). */
  readonly forAdd: boolean;
  /** The pool key as Node computes it in `createSocket`, should `createConnection` not say. */
  readonly nameOf: () => string;
  name: string | undefined;
  connectOptions: ClientRequestArgs | undefined;
  settled: boolean;
  pending: boolean;
  outer: CreateCall | undefined;
}

/** The `timeout` of `close(options)`, checked: ms ≥ 0, `Infinity` when absent. */
function closeTimeoutOf(options: { timeout?: number | undefined } | undefined): number {
  const timeout = options?.timeout;
  if (timeout === undefined) return Infinity;
  if (typeof timeout !== 'number') throw new InvalidOptionTypeError('timeout', 'of type number', timeout);
  if (!(timeout >= 0)) throw new InvalidOptionRangeError('timeout', 'a number of milliseconds >= 0, or Infinity', timeout);
  return timeout;
}

/** The options object of a `createConnection` call, in each of Node's call forms. */
function connectOptionsOf(args: readonly unknown[]): InternalConnectOptions | undefined {
  for (let i = 0; i < args.length && i < 3; i++) {
    const a = args[i];
    if (a !== null && typeof a === 'object') return a as InternalConnectOptions;
  }
  return undefined;
}

function recordOf(socket: PooledSocket): SocketRecord | undefined {
  return socket[kRecord];
}

/**
 * The pool rules of NGINX's upstream keepalive, applied to a Node agent through its hooks.
 * One instance per agent; `HttpAgent` and `HttpsAgent` both delegate to it, so the rules live
 * here only. Node's own `sockets` / `freeSockets` / `requests` maps stay the source of truth
 * for which socket is where; this class adds the per-socket record, the cross-origin idle LRU,
 * the timers and the counters.
 */
export class KeepAlivePool {
  readonly options: ResolvedPoolOptions;
  private readonly agent: InternalAgent;
  /** Idle sockets of every origin, least recently used first (a Set keeps insertion order). */
  private readonly idle = new Set<PooledSocket>();
  /** Origins, their labels and counters (bounded). */
  private readonly origins: OriginRegistry;
  /**
   * The request `addRequest` is adding, until it is bound to a socket (or its connection is
   * pending): the socket `createConnection` opens meanwhile is its socket; if it is still set
   * when `addRequest` returns, Node queued it.
   */
  private adding: InternalClientRequest | null = null;
  /** Node's pool key of the request being added, once Node asked for it (just before it takes a free socket). */
  private addingName: string | undefined;
  /** The innermost `createSocket` call under way. */
  private creating: CreateCall | undefined;
  /** Asynchronous createConnection calls under way, per pool key and in total. */
  private readonly pending = new Map<string, number>();
  private pendingTotal = 0;
  /** The request whose socket is being validated for a turn (Node queued it on purpose). */
  private parkedFor: InternalClientRequest | null = null;
  /** The free list hidden from Node while it queues a parked request. */
  private hiddenFree: PooledSocket[] | undefined;
  /** The limits to put back after an addRequest that ran with lowered ones. */
  private restoreMaxSockets: number | undefined;
  private restoreMaxTotalSockets: number | undefined;
  /** Sockets created and not yet closed. */
  private open = 0;
  /** Bounds, times and watches Node's request queue. */
  readonly queue: QueueGuard;
  /** Set by `close()` or `destroy()`: nothing is pooled any more, new requests fail. */
  closing = false;
  private closed: Promise<void> | undefined;
  /** `close({ timeout })`: when what is left is destroyed (monotonic ms), its timer, and whether it passed. */
  private closeDeadline = Infinity;
  private closeTimer: NodeJS.Timeout | undefined;
  private pastDeadline = false;
  private resolveClosed: (() => void) | undefined;

  /** The agent speaks TLS (`HttpsAgent`): count handshakes. */
  private readonly tls: boolean;

  constructor(agent: InternalAgent, options: ResolvedPoolOptions) {
    this.agent = agent;
    this.options = options;
    this.tls = agent.protocol === 'https:';
    this.queue = new QueueGuard(agent, options.maxQueuedRequests, options.queueTimeout);
    this.origins = new OriginRegistry(agent.protocol, this.tls, MAX_ORIGINS, (name) => (agent.requests[name]?.length ?? 0) > 0);
    // Runs before Node's own 'free' listener, which hands a freed socket to a queued request
    // without calling keepSocketAlive / reuseSocket: the rules must hold on that path too.
    agent.prependListener('free', (socket: PooledSocket) => this.onFree(socket));
  }

  // ---- hooks, called by the agent classes --------------------------------------------------

  /**
   * Before Node's `addRequest`: header stripping; arms the take-time check and the new-socket
   * hand-off. Returns false when the request was failed instead (the agent is closed): Node's
   * `addRequest` must then not run.
   */
  beginAddRequest(req: ClientRequest, options: ClientRequestArgs): boolean {
    if (this.closing) {
      this.queue.reject(req, originLabel(this.agent.protocol, options), 'agent_closed', new AgentClosedError());
      return false;
    }
    if (this.options.stripConnectionClose && hasHeaderApi(req)) stripConnectionClose(req);
    this.adding = req as InternalClientRequest;
    this.addingName = undefined;
    return true;
  }

  /** After Node's `addRequest`: a request that got no socket and no new connection was queued. */
  endAddRequest(req: ClientRequest, options: ClientRequestArgs): void {
    if (this.restoreMaxSockets !== undefined) {
      this.agent.maxSockets = this.restoreMaxSockets;
      this.agent.maxTotalSockets = this.restoreMaxTotalSockets!;
      this.restoreMaxSockets = undefined;
      this.restoreMaxTotalSockets = undefined;
    }
    if (this.hiddenFree !== undefined && this.addingName !== undefined) {
      (this.agent.freeSockets as NodeJS.Dict<PooledSocket[]>)[this.addingName] = this.hiddenFree;
      this.hiddenFree = undefined;
    }
    if (this.parkedFor === req) {
      this.parkedFor = null; // queued on purpose, for one turn: not subject to the queue bounds
    } else if (this.adding === req && this.addingName !== undefined) {
      const name = this.addingName;
      this.queue.onQueued(req, name, this.origins.labelOf(name) ?? originLabel(this.agent.protocol, options));
    }
    this.adding = null;
  }

  /** True while `addRequest` runs for `req` and has not yet bound it to a socket. */
  isAdding(req: ClientRequest): boolean {
    return this.adding === req;
  }

  /** Node's `createSocket` starts, for `req` (`nameOf` gives its pool key should `createConnection` not tell it). */
  beginCreate(req: ClientRequest, nameOf: () => string): CreateCall {
    const call: CreateCall = {
      req: req as InternalClientRequest,
      forAdd: this.adding === req,
      nameOf,
      name: undefined,
      connectOptions: undefined,
      settled: false,
      pending: false,
      outer: this.creating,
    };
    this.creating = call;
    return call;
  }

  /** `createConnection` was called (inside `createSocket`, or directly by anyone): note its options. */
  noteConnectOptions(args: readonly unknown[]): void {
    const call = this.creating;
    if (call === undefined || call.name !== undefined) return;
    const options = connectOptionsOf(args);
    if (options?._agentKey === undefined) return;
    call.name = options._agentKey;
    call.connectOptions = options;
  }

  /** Node's `createSocket` returned: if its socket has not arrived yet, the connection is pending. */
  endCreate(call: CreateCall): void {
    this.creating = call.outer;
    call.outer = undefined;
    if (call.settled) return;
    call.pending = true;
    // An asynchronous createConnection: the request is not queued, and the connection counts
    // against the socket limits until it arrives (Node counts it only then).
    if (this.adding === call.req) this.adding = null;
    const name = (call.name ??= call.nameOf());
    this.pending.set(name, (this.pending.get(name) ?? 0) + 1);
    this.pendingTotal++;
  }

  /**
   * Node's `createSocket` called back: with the socket Node has just put in `agent.sockets`
   * (the agent's own: it gets a record, and the request it was opened for), or an error.
   */
  created(call: CreateCall, err: Error | null, socket: PooledSocket | undefined, agentOptions: object, options: ClientRequestArgs): void {
    call.settled = true;
    const name = (call.name ??= call.nameOf());
    if (call.pending) {
      const n = (this.pending.get(name) ?? 1) - 1;
      if (n > 0) this.pending.set(name, n);
      else this.pending.delete(name);
      this.pendingTotal--;
    }
    if (err === null && socket !== undefined && this.pastDeadline) {
      socket.destroy(); // arrived after close()'s deadline
    } else if (err === null && socket !== undefined && socket[kRecord] === undefined) {
      this.onCreated(socket, name, call.connectOptions ?? { ...options, ...agentOptions });
      const rec = recordOf(socket)!;
      if (call.forAdd && rec.requests === 0) this.assign(socket, rec, call.req);
    }
    this.checkClosed();
  }

  /**
   * Node's `addRequest` asks for the pool key just before it takes a free socket: drop, from
   * the end Node takes from, every idle socket that must not carry a request (dead, or past
   * its lifetime), so that Node takes a good one or opens a new one.
   */
  onGetName(name: string): void {
    if (this.adding === null || this.addingName !== undefined) return;
    this.addingName = name;
    // Node counts a socket only once createConnection has returned it: while an asynchronous
    // createConnection is pending, lower the limits Node compares with by the connections
    // still pending (restored in endAddRequest), so maxSockets / maxTotalSockets hold.
    if (this.pendingTotal > 0) {
      this.saveLimits();
      this.agent.maxSockets -= this.pending.get(name) ?? 0;
      this.agent.maxTotalSockets -= this.pendingTotal;
    }
    const free = this.agent.freeSockets[name] as PooledSocket[] | undefined;
    if (!free) return;
    const lifo = this.agent.scheduling !== 'fifo';
    while (free.length > 0) {
      const socket = lifo ? free[free.length - 1]! : free[0]!;
      const reason = this.takeVerdict(socket);
      if (reason === undefined) {
        const rec = recordOf(socket);
        if (rec !== undefined && now() - rec.idleSince >= this.options.validateAfterIdle) this.park(socket, rec, name, free, lifo);
        return;
      }
      this.closeIdle(socket, reason);
      // closeIdle removes the socket from `free` at once; guard against a socket Node did not remove.
      if ((lifo ? free[free.length - 1] : free[0]) === socket) free.splice(lifo ? free.length - 1 : 0, 1);
    }
  }

  private saveLimits(): void {
    if (this.restoreMaxSockets !== undefined) return;
    this.restoreMaxSockets = this.agent.maxSockets;
    this.restoreMaxTotalSockets = this.agent.maxTotalSockets;
  }

  // ---- the validation turn ---------------------------------------------------------------------

  /**
   * The socket Node is about to take has been idle for `validateAfterIdle` or longer: a close,
   * a reset or stray bytes from the server may already be on their way, unread. Instead of
   * letting Node write the request on it now, reserve it and let Node queue the request;
   * after the event loop has polled for I/O once more (ref'd immediates, see below) hand it
   * the socket if it is still sound. If it is not, it has been
   * closed as `stale`, and Node's own `removeSocket` opens a new connection for the queued
   * request: the request never goes to the dead socket.
   */
  private park(socket: PooledSocket, rec: SocketRecord, name: string, free: PooledSocket[], lifo: boolean): void {
    const agent = this.agent;
    free.splice(lifo ? free.length - 1 : 0, 1);
    const sockets = agent.sockets as NodeJS.Dict<PooledSocket[]>;
    (sockets[name] ??= []).push(socket);
    this.idle.delete(socket);
    rec.parked = true;
    // Node must see neither a free socket nor room for a new one, so that it queues the request.
    this.hiddenFree = free.length > 0 ? free : undefined;
    delete (agent.freeSockets as NodeJS.Dict<PooledSocket[]>)[name];
    this.saveLimits();
    agent.maxSockets = 0;
    agent.maxTotalSockets = 0;
    this.parkedFor = this.adding;
    // The request's headers can still change now, not after the turn: if it will be the
    // socket's last, mark it now (should the socket turn out dead, the new connection it goes
    // to closes after it — a rare, harmless cost).
    if (this.adding !== null && rec.requests + 1 >= rec.requestLimit && hasHeaderApi(this.adding)) markLastRequest(this.adding);
    // Two immediates: the first may run in the check phase right after the poll phase that
    // is running now (whose readiness list predates anything that arrived meanwhile); the
    // second runs after the next poll phase, which reads what is pending on the socket.
    setImmediate(() => setImmediate(() => this.unpark(socket, rec, name)));
  }

  /** One turn later: hand the parked socket to the head of its origin's queue, or back to the pool. */
  private unpark(socket: PooledSocket, rec: SocketRecord, name: string): void {
    rec.parked = false;
    if (rec.state !== 'idle' || socket.destroyed) return; // closed meanwhile: Node reconnects for the queue
    const agent = this.agent;
    const queue = agent.requests[name];
    if (queue === undefined || queue.length === 0) {
      // The request went elsewhere (another socket was released to it, or it was aborted).
      const sockets = agent.sockets as NodeJS.Dict<PooledSocket[]>;
      const list = sockets[name];
      const i = list?.indexOf(socket) ?? -1;
      if (i !== -1) list!.splice(i, 1);
      if (list !== undefined && list.length === 0) delete sockets[name];
      ((agent.freeSockets as NodeJS.Dict<PooledSocket[]>)[name] ??= []).push(socket);
      this.idle.add(socket);
      return;
    }
    const next = queue[0] as InternalClientRequest;
    this.queue.onDequeued(next);
    // What Node does when it takes a free socket (reuseSocket: drop its idle error listener,
    // mark the request reused, ref the socket), then its own hand-over of a freed socket to
    // the head of the queue ('free'), which our 'free' listener lets through untouched.
    agent.reuseSocket(socket, next);
    rec.handingOver = true;
    socket.emit('free');
    rec.handingOver = false;
  }

  /** A socket of the agent was opened: give it its record. */
  private onCreated(socket: PooledSocket, name: string, connectOptions: ClientRequestArgs): void {
    const entry = this.origins.track(name, connectOptions);
    entry.open++;
    const o = this.options;
    const rec: SocketRecord = {
      pool: this,
      name,
      origin: entry.label,
      entry,
      counters: entry.counters,
      createdAt: now(),
      requestLimit: drawRequestLimit(o.maxRequestsPerSocket, o.limitJitter),
      lifetime: drawLifetime(o.maxSocketLifetime, o.limitJitter),
      requests: 0,
      state: 'active',
      current: null,
      writtenBefore: 0,
      closeMarked: false,
      reason: undefined,
      connecting: false,
      nodeTimeout: 0,
      idleBytesRead: 0,
      idleTimer: undefined,
      idleTimerMs: -1,
      idleDeadline: 0,
      idleSince: 0,
      lastHint: undefined,
      parked: false,
      handingOver: false,
      idleReason: 'idle_timeout',
    };
    socket[kRecord] = rec;
    entry.counters.created++;
    this.open++;
    watchConnect(socket, rec, this.options.connectTimeout, this.tls);
    if (wants(this.agent, 'socketCreated')) {
      announce(this.agent, 'socketCreated', { agent: this.agent, socket, origin: entry.label } satisfies SocketCreatedMessage);
    }
  }

  /** Node took an idle socket for `req` (its `reuseSocket` hook). */
  onReuse(socket: PooledSocket, req: ClientRequest): void {
    const rec = recordOf(socket);
    if (rec === undefined) return;
    this.leaveIdle(socket, rec);
    // The socket timeout was our idle timeout while pooled; the request gets Node's, the one
    // Node's keepSocketAlive set (and Node's setRequestSocket then applies `req.timeout`).
    if (socket.timeout !== rec.nodeTimeout) socket.setTimeout(rec.nodeTimeout);
    this.assign(socket, rec, req as InternalClientRequest);
  }

  /**
   * Node's `removeSocket`: a socket of the agent closed, left the agent (`'agentRemove'`), or
   * is moving to the free list (just admitted by `enterIdle`: nothing to do).
   */
  onRemoveSocket(socket: PooledSocket): void {
    const rec = recordOf(socket);
    if (rec === undefined || rec.state === 'closed') return;
    if (socket.destroyed) {
      this.finish(socket, rec, undefined);
    } else if (rec.state !== 'idle' || !socket.writable) {
      // Taken over (an upgrade, CONNECT) or removed by its owner: no longer the agent's.
      this.finish(socket, rec, 'not_reusable');
    }
  }

  /**
   * Node is about to put a released socket in the pool (its `keepSocketAlive` hook): arm the
   * idle timeout, watch for data / EOF, and make room under `maxIdleSockets`.
   * @returns false when the socket must not be pooled (Node then destroys it).
   */
  enterIdle(socket: PooledSocket, nodeSays: boolean): boolean {
    const rec = recordOf(socket);
    if (rec === undefined) return nodeSays;
    if (this.closing) {
      rec.reason ??= 'agent_closed';
      return false;
    }
    if (!nodeSays) {
      // Node's own verdict: the server's hint leaves no time to reuse the socket safely.
      rec.reason ??= 'idle_timeout';
      return false;
    }
    // The socket timeout Node's keepSocketAlive set: a reused socket gets it back.
    rec.nodeTimeout = socket.timeout ?? 0;
    const t = now();
    let ms = this.options.idleTimeout;
    let reason: CloseReason = 'idle_timeout';
    const res = socket._httpMessage?.res;
    const hint = res ? keepAliveHintOf(res.rawHeaders) : rec.lastHint;
    rec.lastHint = hint;
    if (hint !== undefined) ms = Math.min(ms, hint * 1000 - this.options.agentKeepAliveTimeoutBuffer);
    const nodeTimeout = this.agent.options.timeout;
    if (nodeTimeout !== undefined && nodeTimeout > 0) ms = Math.min(ms, nodeTimeout);
    const remaining = rec.lifetime - (t - rec.createdAt);
    if (remaining <= ms) {
      ms = remaining;
      reason = 'max_lifetime';
    }
    if (ms <= 0) {
      rec.reason ??= reason;
      return false;
    }
    while (this.idle.size >= this.options.maxIdleSockets) {
      this.closeIdle(this.idle.values().next().value!, 'evicted');
    }
    rec.state = 'idle';
    rec.idleReason = reason;
    rec.idleDeadline = t + ms;
    rec.idleSince = t;
    if (ms <= MAX_TIMER_MS) {
      // Node's own timeout machinery: the socket timeout, whose expiry Node's agent answers by
      // destroying the free socket (the close reason is inferred in `finish`).
      if (socket.timeout !== ms) socket.setTimeout(ms);
    } else if (ms !== Infinity) {
      // Longer than a timer can wait: our own unref'd timer, in steps.
      rec.idleTimer = setTimeout(onIdleTimer, MAX_TIMER_MS, socket).unref();
    }
    rec.idleBytesRead = socket.bytesRead;
    socket.on('data', onIdleData);
    this.idle.add(socket);
    return true;
  }

  /**
   * `agent.destroy()`: every socket Node is about to destroy closes with reason `agent_closed`.
   * The agent stays usable (Node's meaning): waiting requests get new connections.
   */
  markAllClosing(): void {
    for (const lists of [this.agent.sockets, this.agent.freeSockets]) {
      for (const name of Object.keys(lists)) {
        for (const socket of lists[name] as PooledSocket[]) {
          const rec = recordOf(socket);
          if (rec !== undefined) rec.reason ??= 'agent_closed';
        }
      }
    }
  }

  /**
   * `agent.close()`: stop pooling, close idle sockets now, fail waiting requests, let requests
   * in flight finish (their sockets close when their responses end). Resolves when no socket
   * of the agent is left.
   */
  close(options?: { timeout?: number | undefined }): Promise<void> {
    const timeout = closeTimeoutOf(options);
    if (this.closed === undefined) {
      this.closing = true;
      this.closed = new Promise<void>((resolve) => {
        this.resolveClosed = resolve;
      });
      this.queue.failAll();
      for (const socket of [...this.idle]) this.closeIdle(socket, 'agent_closed');
      this.checkClosed();
    }
    if (timeout !== Infinity && this.resolveClosed !== undefined) {
      const deadline = now() + timeout;
      if (deadline < this.closeDeadline) {
        this.closeDeadline = deadline;
        if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
        // unref(): the sockets still open keep the process alive, not this timer.
        this.closeTimer = setTimeout(() => this.destroyRemaining(), Math.min(timeout, MAX_TIMER_MS)).unref();
      }
    }
    return this.closed;
  }

  /** `close()`'s deadline passed: destroy every socket still open, and stop waiting for connections under way. */
  private destroyRemaining(): void {
    this.closeTimer = undefined;
    this.pastDeadline = true;
    for (const lists of [this.agent.sockets, this.agent.freeSockets]) {
      for (const name of Object.keys(lists)) {
        for (const socket of [...(lists[name] as PooledSocket[])]) {
          const rec = recordOf(socket);
          if (rec !== undefined) rec.reason ??= 'agent_closed';
          socket.destroy();
        }
      }
    }
    this.checkClosed();
  }

  private checkClosed(): void {
    if (this.resolveClosed !== undefined && this.open === 0 && (this.pendingTotal === 0 || this.pastDeadline)) {
      if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
      this.closeTimer = undefined;
      this.resolveClosed();
      this.resolveClosed = undefined;
    }
  }

  getStats(): AgentStats {
    const connecting = new Map<string, number>();
    for (const name of Object.keys(this.agent.sockets)) {
      for (const socket of this.agent.sockets[name] as PooledSocket[]) {
        const rec = recordOf(socket);
        if (rec?.connecting) connecting.set(rec.origin, (connecting.get(rec.origin) ?? 0) + 1);
      }
    }
    for (const [name, n] of this.pending) {
      const origin = this.origins.labelOf(name) ?? name;
      connecting.set(origin, (connecting.get(origin) ?? 0) + n);
    }
    return snapshotStats({
      counters: this.origins.counters(),
      retired: this.origins.retired,
      origins: this.origins.labels(),
      sockets: this.agent.sockets,
      freeSockets: this.agent.freeSockets,
      requests: this.agent.requests,
      connecting,
      oldestQueued: this.queue.oldestWait(),
      tls: this.tls,
    });
  }

  // ---- the rules -----------------------------------------------------------------------------

  /**
   * First listener of the agent's 'free' event. Decides whether the socket may carry another
   * request; if not, destroys it with the reason (Node's listener then sees it unwritable and
   * lets it go). If a request is queued, Node hands the socket to it: count and mark it. If the
   * socket will be pooled and its origin is at `maxFreeSockets`, evict that origin's LRU socket.
   */
  private onFree(socket: PooledSocket): void {
    const rec = recordOf(socket);
    if (rec === undefined || rec.state === 'closed' || rec.handingOver) return;
    // The request that ran on the socket, if one did. Node >= 24 sets `_httpMessage` already in
    // `ClientRequest#onSocket`, a tick before it binds the request (`req.socket`, set in
    // `tickOnSocket`): a request destroyed in between comes with 'free' as `_httpMessage`
    // although it never started on the socket.
    const msg = socket._httpMessage ?? null;
    const prev = msg !== null && msg.socket === socket ? msg : null;
    // 'free' also fires for a socket whose assigned request never started on it (aborted
    // before Node bound it): that request does not count.
    if (rec.current !== null && rec.current !== prev) this.unassign(rec);
    rec.current = null;
    rec.closeMarked = false;

    const reason = this.releaseVerdict(socket, rec, prev);
    if (reason !== undefined) {
      rec.reason ??= reason;
      socket.destroy(); // not in the free list: Node removes it on 'close'
      return;
    }
    const agent = this.agent;
    const queue = agent.requests[rec.name];
    if (queue !== undefined && queue.length > 0) {
      const next = queue[0] as InternalClientRequest;
      this.queue.onDequeued(next);
      this.assign(socket, rec, next);
      return;
    }
    if (prev === null && rec.requests > 0 && agent.keepAlive) {
      // The request bound to this pooled socket was aborted before it started: Node would
      // destroy the socket, as if it had served nothing. It is sound (its last exchange ended
      // cleanly), so show Node that exchange and let it go back to the pool.
      socket._httpMessage = SERVED_CLEANLY;
    } else if (prev === null || !agent.keepAlive) {
      // Node destroys a socket that served nothing, or any socket when keepAlive is off. On
      // Node >= 24 its listener would pool a never-used socket (it sees the aborted request
      // in `_httpMessage`): a socket that served nothing is never pooled, on every line.
      rec.reason ??= 'not_reusable';
      if (prev === null && rec.requests === 0) socket.destroy();
      return;
    }
    const free = agent.freeSockets[rec.name] as PooledSocket[] | undefined;
    const freeLen = free?.length ?? 0;
    const count = freeLen + (agent.sockets[rec.name]?.length ?? 0);
    if (agent.totalSocketCount > agent.maxTotalSockets || count > agent.maxSockets) {
      rec.reason ??= 'evicted'; // Node destroys a socket over the socket limits
      return;
    }
    if (free !== undefined) {
      while (free.length > 0 && free.length >= agent.maxFreeSockets) this.closeIdle(free[0]!, 'evicted');
    }
  }

  /** Why a released socket may not carry another request, or undefined if it may. */
  private releaseVerdict(socket: PooledSocket, rec: SocketRecord, prev: InternalClientRequest | null): CloseReason | undefined {
    if (!socket.writable || socket.destroyed) return hadError(socket) ? 'error' : 'server_close';
    if (hadError(socket)) return 'error';
    if (socket.readableEnded) return 'server_close';
    if (prev !== null) {
      const res = prev.res;
      if (res === undefined || res === null || !res.complete) return 'not_reusable';
      // The request must have been written in full, or its unsent body would be read as the
      // start of the next request (an `Expect: 100-continue` upload answered without a 100).
      if (!writtenInFull(prev, socket.bytesWritten - rec.writtenBefore)) return 'not_reusable';
      // Node's parser sets shouldKeepAlive from the response as received (a `close` token, or
      // HTTP/1.0 without keep-alive); `res.headers` is not consulted, as a proxy may edit it.
      if (!prev.shouldKeepAlive || !isHttp11(res)) return 'server_close';
    }
    if (rec.requests >= rec.requestLimit) return 'max_requests';
    if (now() - rec.createdAt >= rec.lifetime) return 'max_lifetime';
    if (this.closing) return 'agent_closed';
    return undefined;
  }

  /** Why an idle socket about to be taken may not carry a request, or undefined if it may. */
  private takeVerdict(socket: PooledSocket): CloseReason | undefined {
    const rec = recordOf(socket);
    if (socket.destroyed || !socket.writable || socket.readableEnded) return 'stale';
    if (rec === undefined) return undefined;
    if (rec.state !== 'idle') return 'stale';
    if (now() - rec.createdAt >= rec.lifetime) return 'max_lifetime';
    return undefined;
  }

  /** Binds `req` to the socket: counts it and, if it is the socket's last, asks the server to close. */
  private assign(socket: PooledSocket, rec: SocketRecord, req: InternalClientRequest): void {
    if (req === this.adding) this.adding = null;
    rec.current = req;
    rec.writtenBefore = socket.bytesWritten;
    rec.requests++;
    rec.counters.requests++;
    rec.closeMarked =
      rec.requests >= rec.requestLimit &&
      hasHeaderApi(req) &&
      (markLastRequest(req) || hasConnectionToken(req.getHeader('connection'), 'close'));
    if (rec.requests > 1) {
      rec.counters.reused++;
      if (wants(this.agent, 'socketReused')) {
        const message: SocketReusedMessage = { agent: this.agent, socket, origin: rec.origin, request: req, requests: rec.requests };
        announce(this.agent, 'socketReused', message);
      }
    }
  }

  /** Undoes `assign` for a request that never started on the socket. */
  private unassign(rec: SocketRecord): void {
    if (rec.requests > 1) {
      rec.counters.reused--;
    }
    rec.requests--;
    rec.counters.requests--;
  }

  private leaveIdle(socket: PooledSocket, rec: SocketRecord): void {
    if (rec.state !== 'idle') return;
    rec.state = 'active';
    // The idle timer stays armed (it does nothing unless the socket is idle and its deadline
    // has come) so that the next idle period can re-arm it without allocating.
    socket.removeListener('data', onIdleData);
    this.idle.delete(socket);
  }

  /**
   * Closes an idle socket and takes it out of Node's free list at once (Node's own way, as
   * for a free socket that errors: destroy, then 'agentRemove'), so the pool counts are right
   * before Node looks at them again.
   */
  closeIdle(socket: PooledSocket, reason: CloseReason): void {
    const rec = recordOf(socket);
    if (rec !== undefined) {
      rec.reason ??= reason;
      this.leaveIdle(socket, rec);
    }
    socket.destroy();
    socket.emit('agentRemove');
  }

  /** Called once per socket when it closes or leaves the agent: counts it under its reason. */
  finish(socket: PooledSocket, rec: SocketRecord, fallback: CloseReason | undefined): void {
    if (rec.state === 'closed') return;
    const reason = rec.reason ?? fallback ?? inferReason(rec, socket, now());
    this.leaveIdle(socket, rec);
    if (rec.idleTimer !== undefined) {
      clearTimeout(rec.idleTimer);
      rec.idleTimer = undefined;
    }
    rec.state = 'closed';
    rec.reason = reason;
    this.open--;
    rec.entry.open--;
    rec.counters.closed[reason]++;
    if (wants(this.agent, 'socketClosed')) {
      const message: SocketClosedMessage = {
        agent: this.agent,
        socket,
        origin: rec.origin,
        reason,
        requests: rec.requests,
        age: now() - rec.createdAt,
      };
      announce(this.agent, 'socketClosed', message);
    }
    this.checkClosed();
  }

  /** What the pool knows of one socket, as plain data. */
  static describe(socket: unknown): SocketInfo | undefined {
    const rec = (socket as PooledSocket | null)?.[kRecord];
    if (rec === undefined) return undefined;
    return {
      origin: rec.origin,
      state: rec.state,
      requests: rec.requests,
      requestLimit: rec.requestLimit,
      lifetime: rec.lifetime,
      age: now() - rec.createdAt,
      closeReason: rec.state === 'closed' ? rec.reason : undefined,
    };
  }
}

/** The response came as HTTP/1.1 (the contract pools only those; HTTP/1.0 keep-alive is not trusted). */
function isHttp11(res: IncomingMessage): boolean {
  return res.httpVersionMajor === 1 && res.httpVersionMinor === 1;
}

/**
 * The request has the header methods of an `OutgoingMessage` (Node's agent accepts any
 * object with `onSocket`: some callers pass a stand-in without them).
 */
function hasHeaderApi(req: ClientRequest): boolean {
  return typeof req.hasHeader === 'function' && typeof req.getHeader === 'function' && typeof req.setHeader === 'function';
}

/**
 * The request went out whole: as many body bytes as it declared (`Content-Length`, explicit
 * or computed by Node), or, for a chunked body, the terminating chunk (`end()` was called:
 * Node writes it then). `written` is what the socket was given for this request, head included.
 */
function writtenInFull(req: InternalClientRequest, written: number): boolean {
  if (!req.finished) return false;
  if (req.chunkedEncoding) return true;
  const head = req._header;
  if (typeof head !== 'string') return true; // a stand-in request: nothing to measure
  const body = written - Buffer.byteLength(head, 'latin1');
  // No declared length and not chunked: a request without a body; anything sent is unframed.
  const declared = typeof req._contentLength === 'number' ? req._contentLength : 0;
  return body === declared;
}

/** An error was emitted on the socket, or Node's client destroyed it over a protocol error. */
function hadError(socket: PooledSocket): boolean {
  // `errored`: the stream was destroyed with an error; `_hadError`: Node's client destroyed
  // the socket after a parse error (no 'error' event on it).
  return (socket.errored !== null && socket.errored !== undefined) || socket._hadError === true;
}

/** The reason of a socket that closed without the pool deciding it. */
function inferReason(rec: SocketRecord, socket: PooledSocket, t: number): CloseReason {
  if (rec.state === 'idle') {
    // The socket timeout armed in `enterIdle` fired (Node's agent destroys a free socket
    // on 'timeout'), or something else closed it while idle: data, EOF, an error.
    const quiet = !hadError(socket) && !socket.readableEnded && socket.bytesRead === rec.idleBytesRead;
    // The socket timeout in force (ours, or one a subclass set after ours), and whether it is due.
    const armed = socket.timeout ?? 0;
    if (!quiet || armed <= 0) return 'stale';
    // Timers may fire a little early against our clock (libuv starts them from its cached loop time).
    const slack = Math.min(1000, armed / 2);
    if (t < rec.idleSince + armed - slack) return 'stale';
    return rec.idleSince + armed === rec.idleDeadline ? rec.idleReason : 'idle_timeout';
  }
  if (hadError(socket)) return 'error';
  if (rec.closeMarked) return 'max_requests';
  const req = rec.current;
  const res = req?.res;
  if (res && res.complete) {
    if (!req!.shouldKeepAlive || !isHttp11(res)) return 'server_close';
  } else if (req && socket.readableEnded && !req.destroyed) {
    // The server closed the connection before the response was complete: the request failed.
    return 'error';
  }
  if (socket.readableEnded) return 'server_close';
  return 'not_reusable';
}

// Shared listeners (no closure per socket): `this` is the socket.

function poolOf(socket: PooledSocket): KeepAlivePool | undefined {
  return socket[kRecord]?.pool;
}

function onIdleData(this: PooledSocket): void {
  poolOf(this)?.closeIdle(this, 'stale');
}

function onIdleTimer(socket: PooledSocket): void {
  const rec = recordOf(socket);
  if (rec === undefined || rec.state !== 'idle') return;
  const left = rec.idleDeadline - now();
  if (left > 1) {
    // Not due yet (a wait longer than setTimeout allows, taken in steps): wait the rest.
    clearTimeout(rec.idleTimer);
    rec.idleTimer = setTimeout(onIdleTimer, Math.min(left, MAX_TIMER_MS), socket).unref();
    rec.idleTimerMs = -1;
    return;
  }
  poolOf(socket)?.closeIdle(socket, rec.idleReason);
}
