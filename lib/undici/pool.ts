/**
 * The dispatcher's pool: its origins and shared state, the entry point of a request, the
 * callbacks of its exchanges and connections, `close()` / `destroy()`. The rules are those of
 * `lib/rules/`; what each step does is in the module named for it (take, release, lifecycle,
 * queue).
 * @module
 */
import net from 'node:net';
import type { Dispatcher } from 'undici';
import { AgentClosedError } from '../errors';
import type { PoolEmitter } from '../observability/diagnostics';
import { OriginRegistry } from '../observability/origin-registry';
import { IdleLru } from '../rules/idle-lru';
import { warmConnectTimeout } from '../rules/renewal';
import { TlsSessionCache } from '../tls/session-cache';
import { type ConnectorSettings, type ConnectParams, openConnection } from './connector';
import { SharedSecureContext } from '../tls/secure-context-cache';
import { type DispatchCore, now } from './core';
import { Exchange, type ExchangeOwner, failHandler, missingCallback } from './exchange';
import { closeSlot, requestStarted, socketOpened } from './lifecycle';
import type { ResolvedDispatcherOptions } from './options';
import { OriginPool, type PoolExchange, type PoolSlot } from './origin-pool';
import { Client, errors } from './peer';
import { failAll, withdraw } from './queue';
import { releaseAfterError, releaseAfterResponse, releaseAfterUpgrade } from './release';
import { type DispatchHeaders, flatten, isPairs, scanHeaders, strippedHeaders } from './request-headers';
import { Slot, type ConnectCallback, type SlotOwner } from './slot';
import { place, placeHandoffs, serveWaiting } from './take';
import { onRequestStarted } from './warm';
import { MAX_TIMER_MS } from '../rules/timers';

/** Origins kept in the per-origin stats; past it, idle origins are folded into the totals. */
const MAX_ORIGINS = 1000;

/** The `Client` options of every connection: one request at a time, and no idle timer of undici's own before the pool's. */
const CLIENT_DEFAULTS = { pipelining: 1, keepAliveTimeout: MAX_TIMER_MS, keepAliveMaxTimeout: MAX_TIMER_MS, keepAliveTimeoutThreshold: -MAX_TIMER_MS } as const;

/** The hostname a `Host` header names (without its port and brackets). */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, Math.max(1, host.indexOf(']')));
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

export class DispatchPool implements DispatchCore, ExchangeOwner<PoolExchange>, SlotOwner<OriginPool> {
  readonly options: ResolvedDispatcherOptions;
  readonly emitter: PoolEmitter & Dispatcher;
  readonly lru: IdleLru<PoolSlot>;
  readonly waiting = new Set<OriginPool>();
  closing = false;
  destroyed = false;
  total = 0;
  sockets = 0;
  /** Origins by key. */
  readonly origins = new Map<string, OriginPool>();
  readonly registries: { readonly http: OriginRegistry; readonly https: OriginRegistry };
  readonly sessions: TlsSessionCache;
  readonly #connector: ConnectorSettings;
  readonly #client: Readonly<Record<string, unknown>>;
  #closed: Promise<void> | undefined;
  #resolveClosed: (() => void) | undefined;

  constructor(emitter: PoolEmitter & Dispatcher, options: ResolvedDispatcherOptions) {
    this.emitter = emitter;
    this.options = options;
    this.lru = new IdleLru(options.maxIdleSockets);
    const hasQueued = (key: string): boolean => (this.origins.get(key)?.queue.length ?? 0) > 0;
    this.registries = { http: new OriginRegistry('http:', false, MAX_ORIGINS, hasQueued), https: new OriginRegistry('https:', true, MAX_ORIGINS, hasQueued) };
    this.sessions = new TlsSessionCache(options.maxCachedSessions);
    this.#connector = { connect: options.connect, timeout: options.connectTimeout, sessions: this.sessions, context: new SharedSecureContext(options.connect) };
    this.#client = { ...options.client, ...CLIENT_DEFAULTS };
  }

  // ---- a request ---------------------------------------------------------------------------

  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void {
    if (this.closing) {
      failHandler(handler, new AgentClosedError());
      return;
    }
    let op: OriginPool;
    let x: PoolExchange;
    const missing = missingCallback(handler, opts);
    if (missing !== undefined) {
      failHandler(handler, new errors.InvalidArgumentError(`invalid ${missing} method`));
      return;
    }
    try {
      let headers = opts.headers as DispatchHeaders;
      if (headers !== null && typeof headers === 'object' && isPairs(headers)) {
        headers = flatten(headers);
        opts = { ...opts, headers: headers as string[] };
      }
      const scan = scanHeaders(headers);
      const host = scan.host;
      const asksToClose = scan.close;
      const strip = this.options.stripConnectionClose && (scan.close || scan.keepAlive);
      op = this.#originOf(opts, host);
      if (strip) opts = { ...opts, headers: strippedHeaders(headers) as string[] };
      x = new Exchange(this, opts, handler, op);
      x.asksToClose = asksToClose && !this.options.stripConnectionClose;
    } catch (err) {
      failHandler(handler, err as Error);
      return;
    }
    let begun: boolean;
    try {
      begun = x.begin();
    } catch (err) {
      x.fail(err as Error); // the caller's own start callback threw
      begun = false;
    }
    if (!begun) {
      this.dropIfEmpty(op); // aborted at once
      return;
    }
    place(this, op, x);
  }

  /** The origin of a request (created on first use): its origin, and for TLS its servername. */
  #originOf(opts: Dispatcher.DispatchOptions, host: string | undefined): OriginPool {
    const given = opts.origin as unknown;
    const origin = typeof given === 'string' ? given : given instanceof URL ? given.origin : undefined;
    if (origin === undefined || origin === '') throw new errors.InvalidArgumentError('opts.origin must be a non-empty string or URL.');
    const secure = origin.startsWith('https:');
    let servername: string | undefined;
    if (secure) {
      const asked = (opts as { servername?: unknown }).servername;
      const named = typeof asked === 'string' && asked !== '' ? asked : host !== undefined ? hostnameOf(host) : undefined;
      servername = named !== undefined && net.isIP(named) === 0 ? named : undefined;
    }
    const key = servername === undefined ? origin : `${origin} ${servername}`;
    const found = this.origins.get(key);
    if (found !== undefined) return found;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new errors.InvalidArgumentError(`invalid origin: ${origin}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new errors.InvalidArgumentError(`unsupported protocol: ${url.protocol}`);
    // An origin is scheme, host and port only (undici's own check: a path would be dropped silently).
    if (url.pathname !== '/' || url.search !== '' || url.hash !== '') throw new errors.InvalidArgumentError('invalid url');
    const registry = url.protocol === 'https:' ? this.registries.https : this.registries.http;
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    const entry = registry.track(key, { host: url.hostname, port, servername } as Parameters<OriginRegistry['track']>[1]);
    const op = new OriginPool(key, url, port, servername, entry);
    this.origins.set(key, op);
    return op;
  }

  // ---- the exchanges (ExchangeOwner) -----------------------------------------------------------

  started(x: PoolExchange): void {
    requestStarted(this, x);
    onRequestStarted(this, x.slot!);
  }

  ended(x: PoolExchange): void {
    // undici decides whether it keeps the socket right after the caller's onComplete returns:
    // released a microtask later (one microtask for all the responses completed meanwhile).
    x.group.completing++;
    this.#completed.push(x);
    if (this.#completed.length === 1) queueMicrotask(this.#releaseCompleted);
  }

  /** Responses complete, to release in the microtask. */
  readonly #completed: PoolExchange[] = [];
  readonly #releaseCompleted = (): void => {
    const done = this.#completed;
    // A release may complete another response synchronously (it is then in this batch too).
    for (let i = 0; i < done.length; i++) releaseAfterResponse(this, done[i]!);
    done.length = 0;
  };

  placeHandoffs(op: OriginPool): void {
    placeHandoffs(this, op);
    this.dropIfEmpty(op);
  }

  failed(x: PoolExchange, err: Error): void {
    releaseAfterError(this, x, err);
  }

  upgraded(x: PoolExchange): void {
    releaseAfterUpgrade(this, x);
  }

  withdrawn(x: PoolExchange): void {
    withdraw(this, x.group, x);
  }

  // ---- the connections (SlotOwner, DispatchCore) ---------------------------------------------------

  newSlot(op: OriginPool): PoolSlot {
    const slot: PoolSlot = new Slot(this, op, (connect) => this.#makeClient(op, connect));
    op.slots.add(slot);
    this.total++;
    return slot;
  }

  #makeClient(op: OriginPool, connect: (params: ConnectParams, cb: ConnectCallback) => void) {
    const client = new Client(op.origin, { ...this.#client, connect } as ConstructorParameters<typeof Client>[1]);
    // undici's own events of its dispatchers, as its Agent re-emits them.
    const d = this.emitter;
    client.on('connect', (origin, targets) => d.emit('connect', origin, [d, ...targets]));
    client.on('disconnect', (origin, targets, err) => d.emit('disconnect', origin, [d, ...targets], err));
    client.on('connectionError', (origin, targets, err) => d.emit('connectionError', origin, [d, ...targets], err));
    return client;
  }

  connect(slot: PoolSlot, params: ConnectParams, callback: ConnectCallback): void {
    const prepared = slot.prepared;
    if (prepared !== undefined) {
      // A warm replacement: its connection was opened ahead.
      slot.prepared = undefined;
      prepared.handOver(callback);
      return;
    }
    this.openFor(slot, params, callback);
  }

  /** Opens a connection for `slot` (its socket counted as soon as it exists). */
  openFor(slot: PoolSlot, params: ConnectParams, callback: ConnectCallback): void {
    const counters = slot.group.entry.counters;
    const report = {
      opened: (socket: import('node:net').Socket) => socketOpened(this, slot, socket),
      handshake: (resumed: boolean) => {
        if (resumed) counters.tlsResumed = (counters.tlsResumed ?? 0) + 1;
        else counters.tlsFull = (counters.tlsFull ?? 0) + 1;
      },
    };
    // A warm replacement gets a bounded connect (nobody waits for it; see warmConnectTimeout).
    const connector = slot.warm ? { ...this.#connector, timeout: warmConnectTimeout(this.#connector.timeout) } : this.#connector;
    openConnection(connector, params, slot.group.entry.label, report, (err, socket) => {
      if (err === null) slot.connecting = false;
      callback(err, socket);
    });
  }

  idleTimerDue(slot: PoolSlot): void {
    if (slot.idleTimer.expired(now(), slot.idleDeadline)) closeSlot(this, slot, slot.idleReason);
  }

  slotGone(op: OriginPool): void {
    serveWaiting(this, op);
    this.dropIfEmpty(op);
    this.checkClosed();
  }

  dropIfEmpty(op: OriginPool): void {
    if (op.empty && this.origins.get(op.key) === op) this.origins.delete(op.key);
  }

  checkClosed(): void {
    if (this.#resolveClosed !== undefined && this.total === 0 && this.sockets === 0 && this.waiting.size === 0) {
      this.#resolveClosed();
      this.#resolveClosed = undefined;
    }
  }

  // ---- close / destroy -----------------------------------------------------------------------------

  /** Graceful (undici's meaning): no new request; waiting and running requests finish; idle connections close now. */
  close(): Promise<void> {
    if (this.#closed === undefined) {
      this.closing = true;
      this.#closed = new Promise<void>((resolve) => {
        this.#resolveClosed = resolve;
      });
      for (const slot of this.lru.snapshot()) closeSlot(this, slot, 'agent_closed');
      this.checkClosed();
    }
    return this.#closed;
  }

  /** Immediate (undici's meaning): waiting requests fail, running ones are aborted with `err`, every connection closes. */
  destroy(err: Error | null): Promise<void> {
    const closed = this.close();
    if (!this.destroyed) {
      this.destroyed = true;
      for (const op of [...this.origins.values()]) {
        failAll(this, op, err ?? new AgentClosedError());
        for (const slot of [...op.slots]) closeSlot(this, slot, 'agent_closed', err);
      }
      this.checkClosed();
    }
    return closed;
  }
}
