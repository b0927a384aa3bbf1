/**
 * The NGINX pool rules on one Node agent: the entry points the agent's hooks call, the state
 * the parts share ({@link PoolCore}), `close()` and the stats. The rules themselves are in
 * `lib/rules/`; what each hook does is in the module named for it.
 * @module
 */
import type { ClientRequest, ClientRequestArgs } from 'node:http';
import { type Connection, type ConnectionOwner, connectionOf } from '../connection/connection';
import { AgentClosedError } from '../errors';
import { stripConnectionClose } from '../http/connection-header';
import { originLabel } from '../observability/origin';
import type { AgentFrontEnd } from '../observability/diagnostics';
import { OriginRegistry } from '../observability/origin-registry';
import { type AgentStats, snapshotStats } from '../observability/stats';
import type { ResolvedPoolOptions } from '../options/options';
import { resolveCloseTimeout } from '../options/validate';
import { IdleLru } from '../rules/idle-lru';
import { MAX_TIMER_MS } from '../rules/timers';
import { type AddScope, AddScopes } from './add-request';
import { now, type PoolCore } from './core';
import { type CreateCall, CreateTracker } from './create-tracker';
import { Parking } from './parking';
import { enterIdle, idleTimerDue, onReuse, staleWhileIdle } from './idle';
import { chainFreeListener } from './node-adapter';
import { assign, closeIdle, finish, hasHeaderApi, openConnection } from './lifecycle';
import type { InternalAgent, InternalClientRequest, InternalSocket } from './node-internals';
import { onFree } from './release';
import { QueueGuard } from './request-queue';
import { ReleaseKey } from './release-key';
import { onGetName } from './take';
import { isWarmOpening } from './warm';

/** Origins kept in the per-origin stats; past it, idle origins are folded into the totals. */
const MAX_ORIGINS = 1000;

export class KeepAlivePool implements PoolCore, ConnectionOwner {
  readonly agent: InternalAgent;
  readonly options: ResolvedPoolOptions;
  readonly tls: boolean;
  readonly frontEnd: AgentFrontEnd;
  readonly idle: IdleLru<Connection>;
  readonly origins: OriginRegistry;
  readonly queue: QueueGuard;
  readonly scopes: AddScopes;
  readonly creates = new CreateTracker();
  readonly parking = new Parking();
  /** Answers `getName` while Node's `'free'` listener runs (see `release-key.ts`). */
  readonly releaseKey: ReleaseKey;
  closing = false;
  /** Connections opened and not yet closed. */
  #open = 0;
  #closed: Promise<void> | undefined;
  #resolveClosed: (() => void) | undefined;
  /** `close({ timeout })`: when what is left is destroyed (monotonic ms), its timer, and whether it passed. */
  #closeDeadline = Infinity;
  #closeTimer: NodeJS.Timeout | undefined;
  #pastDeadline = false;

  /** `ownGetName`: the agent class's `getName` (its prototype's), which asks {@link releaseKey}. */
  constructor(agent: InternalAgent, options: ResolvedPoolOptions, ownGetName?: unknown) {
    this.agent = agent;
    this.options = options;
    this.tls = agent.protocol === 'https:';
    this.frontEnd = this.tls ? 'HttpsAgent' : 'HttpAgent';
    this.idle = new IdleLru(options.maxIdleSockets);
    this.scopes = new AddScopes(agent);
    this.queue = new QueueGuard(agent, this.frontEnd, options.maxQueuedRequests, options.queueTimeout);
    this.origins = new OriginRegistry(agent.protocol, this.tls, MAX_ORIGINS, (name) => (agent.requests[name]?.length ?? 0) > 0);
    this.releaseKey = new ReleaseKey(ownGetName);
    // Runs before Node's own 'free' listener, which hands a freed socket to a queued request
    // without calling keepSocketAlive / reuseSocket: the rules must hold on that path too.
    // Chained to it, the pool also hands the release's pool key to Node's getName asks.
    const chained = chainFreeListener(agent, (socket, freeOptions) => {
      onFree(this, socket);
      if (chained) this.releaseKey.note(agent, socket, freeOptions);
    }, () => this.releaseKey.clear());
  }

  // ---- addRequest --------------------------------------------------------------------------

  /**
   * Before Node's `addRequest`: header stripping, and the call's scope. Returns undefined when
   * the request was failed instead (the agent is closed): Node's `addRequest` must then not run.
   */
  beginAddRequest(req: ClientRequest, options: ClientRequestArgs): AddScope | undefined {
    if (this.closing) {
      this.queue.reject(req, originLabel(this.agent.protocol, options), 'agent_closed', new AgentClosedError());
      return undefined;
    }
    if (this.options.stripConnectionClose && hasHeaderApi(req)) stripConnectionClose(req);
    return this.scopes.begin(req as InternalClientRequest);
  }

  /** After Node's `addRequest`: a request that got no socket and no new connection was queued. */
  endAddRequest(scope: AddScope, req: ClientRequest, options: ClientRequestArgs): void {
    const queued = !scope.placed && !scope.parked && scope.name !== undefined ? scope.name : undefined;
    this.scopes.end(scope);
    if (queued !== undefined) this.queue.onQueued(req, queued, this.origins.labelOf(queued) ?? originLabel(this.agent.protocol, options));
  }

  /** Node's `addRequest` asks for the pool key just before it takes a free socket. */
  onGetName(name: string): void {
    onGetName(this, name);
  }

  // ---- createSocket / createConnection -------------------------------------------------------

  beginCreate(req: ClientRequest, nameOf: () => string): CreateCall {
    const scope = this.scopes.of(req);
    // Node has decided to open a connection: what was changed for its decision goes back now.
    if (scope !== undefined) this.scopes.restore(scope);
    return this.creates.begin(req as InternalClientRequest, scope !== undefined && !scope.placed, nameOf);
  }

  noteConnectOptions(args: readonly unknown[]): void {
    this.creates.noteConnectOptions(args);
  }

  /** Node's `createSocket` threw: the call is over, with nothing pending. */
  abandonCreate(call: CreateCall): void {
    this.creates.abandon(call);
  }

  endCreate(call: CreateCall): void {
    if (!this.creates.end(call)) return;
    // An asynchronous createConnection: the request is not queued.
    const scope = this.scopes.of(call.req);
    if (scope !== undefined) scope.placed = true;
  }

  /** Node's `createSocket` called back: with the socket Node has just put in `agent.sockets`, or an error. */
  created(call: CreateCall, err: Error | null, socket: InternalSocket | undefined, agentOptions: object, options: ClientRequestArgs): void {
    this.creates.settle(call);
    if (err === null && socket !== undefined && this.#pastDeadline) {
      socket.destroy(); // arrived after close()'s deadline
    } else if (err === null && socket !== undefined && connectionOf(socket) === undefined) {
      const conn = openConnection(this, this, socket, this.creates.nameOf(call), call.connectOptions ?? { ...options, ...agentOptions }, isWarmOpening(call.req));
      this.#open++;
      if (call.forAdd && conn.requests === 0) assign(this, conn, call.req);
    }
    this.#checkClosed();
  }

  // ---- keepSocketAlive / reuseSocket / removeSocket ----------------------------------------------

  enterIdle(socket: InternalSocket, nodeSays: boolean): boolean {
    return enterIdle(this, socket, nodeSays);
  }

  onReuse(socket: InternalSocket, req: ClientRequest): void {
    onReuse(this, socket, req as InternalClientRequest);
  }

  /**
   * Node's `removeSocket`: a socket of the agent closed, left the agent (`'agentRemove'`), or
   * is moving to the free list (just admitted by `enterIdle`: nothing to do).
   */
  onRemoveSocket(socket: InternalSocket): void {
    const conn = connectionOf(socket);
    if (conn === undefined || conn.state === 'closed') return;
    if (socket.destroyed) finish(this, conn, undefined);
    // Taken over (an upgrade, CONNECT) or removed by its owner: no longer the agent's.
    else if (conn.state !== 'idle' || !socket.writable) finish(this, conn, 'not_reusable');
  }

  // ---- ConnectionOwner ---------------------------------------------------------------------------

  staleWhileIdle(conn: Connection): void {
    staleWhileIdle(this, conn);
  }

  idleTimerDue(conn: Connection): void {
    idleTimerDue(this, conn);
  }

  connectionClosed(): void {
    this.#open--;
    this.#checkClosed();
  }

  // ---- destroy / close -----------------------------------------------------------------------------

  /**
   * `agent.destroy()`: every socket Node is about to destroy closes with reason `agent_closed`.
   * The agent stays usable (Node's meaning): waiting requests get new connections.
   */
  markAllClosing(): void {
    for (const lists of [this.agent.sockets, this.agent.freeSockets]) {
      for (const name of Object.keys(lists)) {
        for (const socket of lists[name]!) {
          const conn = connectionOf(socket);
          if (conn !== undefined) conn.reason ??= 'agent_closed';
        }
      }
    }
  }

  /**
   * `agent.close()`: stop pooling, close idle sockets now, fail waiting requests, let requests
   * in flight finish (their sockets close when their responses end). Resolves when no socket
   * of the agent is left; with `timeout`, what is left then is destroyed.
   */
  close(options?: { timeout?: number | undefined }): Promise<void> {
    const timeout = resolveCloseTimeout(options);
    if (this.#closed === undefined) {
      this.closing = true;
      this.#closed = new Promise<void>((resolve) => {
        this.#resolveClosed = resolve;
      });
      this.queue.failAll();
      for (const conn of this.idle.snapshot()) closeIdle(this, conn.socket as InternalSocket, 'agent_closed');
      this.#checkClosed();
    }
    if (timeout !== Infinity && this.#resolveClosed !== undefined) {
      const deadline = now() + timeout;
      if (deadline < this.#closeDeadline) {
        this.#closeDeadline = deadline;
        if (this.#closeTimer !== undefined) clearTimeout(this.#closeTimer);
        // unref(): the sockets still open keep the process alive, not this timer.
        this.#closeTimer = setTimeout(() => this.#destroyRemaining(), Math.min(timeout, MAX_TIMER_MS)).unref();
      }
    }
    return this.#closed;
  }

  /** `close()`'s deadline passed: destroy every socket still open, and stop waiting for connections under way. */
  #destroyRemaining(): void {
    this.#closeTimer = undefined;
    this.#pastDeadline = true;
    this.markAllClosing();
    for (const lists of [this.agent.sockets, this.agent.freeSockets]) {
      for (const name of Object.keys(lists)) for (const socket of [...lists[name]!]) socket.destroy();
    }
    this.#checkClosed();
  }

  #checkClosed(): void {
    if (this.#resolveClosed !== undefined && this.#open === 0 && (this.creates.pendingTotal === 0 || this.#pastDeadline)) {
      if (this.#closeTimer !== undefined) clearTimeout(this.#closeTimer);
      this.#closeTimer = undefined;
      this.#resolveClosed();
      this.#resolveClosed = undefined;
    }
  }

  // ---- observability -------------------------------------------------------------------------------

  getStats(): AgentStats {
    const connecting = new Map<string, number>();
    for (const name of Object.keys(this.agent.sockets)) {
      for (const socket of this.agent.sockets[name]!) {
        const conn = connectionOf(socket);
        if (conn?.state === 'connecting') connecting.set(conn.origin, (connecting.get(conn.origin) ?? 0) + 1);
      }
    }
    // A warm replacement is pooled while its connection is being established.
    for (const name of Object.keys(this.agent.freeSockets)) {
      for (const socket of this.agent.freeSockets[name]!) {
        const conn = connectionOf(socket);
        if (conn !== undefined && !conn.reached) connecting.set(conn.origin, (connecting.get(conn.origin) ?? 0) + 1);
      }
    }
    for (const [name, n] of this.creates.pendingByName()) {
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
}
