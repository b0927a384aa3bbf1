/**
 * Upstream groups on Node's agent (the `upstreams` option): a request whose host names a group
 * goes to the server the group's balancer picks, as NGINX's `proxy_pass http://NAME` does.
 *
 * - `addRequest` asks {@link UpstreamRouter.route} for the options to give Node: the caller's,
 *   with the picked server's host and port, so that Node's pool key, and with it every idle
 *   connection, is the server's (NGINX matches cached connections by server address). The
 *   request's `Host` header stays what the caller's options made it (the group's name).
 * - A new connection for such a request is handed to Node only once it is established (TCP, and
 *   TLS for `HttpsAgent`), within `connectTimeout`; if it cannot be, the request was never
 *   written, and it goes to the next server the balancer picks (NGINX's `proxy_next_upstream
 *   error timeout`), within `nextUpstreamTries` / `nextUpstreamTimeout`. Only when no server is
 *   left does the caller get an error, a `NoLiveUpstreamError` that lists what was tried.
 * - When every server that could take the request is at its `maxConns`, the request waits in
 *   the group's queue (`maxQueuedRequests`, `queueTimeout`) until a request of the group ends.
 * - Each pick is released once, when the request closes: a failure if its connection failed
 *   before any response byte, a success otherwise (as NGINX frees a peer).
 * - The names of `resolve` servers are resolved by an {@link UpstreamResolver} (a request waits
 *   for the first answer); the connections of an address no longer listed are closed
 *   ({@link RetiredServers}).
 * @module
 */
import type { ClientRequest, RequestOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { AgentClosedError, ConnectTimeoutError, NoLiveUpstreamError, type UpstreamAttemptFailure } from '../errors';
import { MAX_TIMER_MS } from '../rules/timers';
import type { UpstreamGroup } from '../upstreams/group';
import type { ResolvedUpstreams } from '../upstreams/options';
import type { PeerSetChange } from '../upstreams/server-slots';
import type { UpstreamStateChange } from '../upstreams/stats';
import { UpstreamGroups } from '../upstreams/upstream-groups';
import type { PoolCore } from './core';
import { hadError } from './lifecycle';
import { failRequest } from './node-adapter';
import type { CreateSocketCallback, InternalSocket } from './node-internals';
import { type Attempt, type AttemptRequest, attemptOf, hostOf, kAttempt, optionsFor, serverLabel, viewOf } from './upstream-attempt';
import { type LookupFunction, RESOLVE_TIMEOUT, UpstreamResolver } from './upstream-resolver';
import { RetiredServers } from './upstream-retire';
import { GroupWaiting, type WaitingStats } from './upstream-waiting';

export { attemptOf, serverLabel } from './upstream-attempt';

/** What the router needs of the agent and of the pool's settings. */
export interface RouterHost {
  /** The agent's own `addRequest` (a request re-dispatched to another server goes through every rule again). */
  addRequest(req: ClientRequest, options: RequestOptions): void;
  readonly protocol: string;
  /** The agent's pool: the connections to an address a `resolve` server no longer lists are closed in it. */
  readonly pool: PoolCore;
  /** The agent's `lookup` and `family` options, for the names of `resolve` servers. */
  readonly lookup?: LookupFunction | undefined;
  readonly family?: number | undefined;
}

export interface RouterSettings {
  readonly connectTimeout: number;
  readonly maxQueuedRequests: number;
  readonly queueTimeout: number;
}

export class UpstreamRouter {
  readonly groups: UpstreamGroups;
  readonly #host: RouterHost;
  readonly #settings: RouterSettings;
  readonly #tls: boolean;
  readonly #waiting: GroupWaiting;
  readonly #retired: RetiredServers | undefined;
  /** Resolves the names of the `resolve` servers; only for groups that have some. */
  readonly #resolver: UpstreamResolver | undefined;

  constructor(host: RouterHost, upstreams: ResolvedUpstreams, settings: RouterSettings, onStateChange: (change: UpstreamStateChange) => void) {
    this.#host = host;
    this.#settings = settings;
    this.#tls = host.protocol === 'https:';
    this.#waiting = new GroupWaiting(settings, host.protocol);
    this.groups = new UpstreamGroups(upstreams, { onStateChange });
    if ([...this.groups].some((g) => g.resolvable.length > 0)) {
      this.#retired = new RetiredServers(host.pool);
      this.#resolver = new UpstreamResolver(this.groups, { lookup: host.lookup, family: host.family, onRound: (g, change) => this.#resolved(g, change) });
    }
  }

  /** The requests waiting for a server under `maxConns`, per group name. */
  waitingStats(): Map<string, WaitingStats> {
    return this.#waiting.stats();
  }

  /** Stops re-resolving (`destroy()`; `close()` for good, and the requests waiting for a server under `maxConns` fail, as queued ones do). */
  stop(forGood: boolean): void {
    this.#resolver?.stop(forGood);
    if (!forGood) return;
    for (const req of this.#waiting.all()) {
      this.#waiting.remove(req, req[kAttempt]!);
      failRequest(req, new AgentClosedError());
    }
  }

  /**
   * A round of resolutions of `group`: the connections of the addresses that no group lists any
   * more are closed, and requests waiting for a server under `maxConns` try the new addresses.
   */
  #resolved(group: UpstreamGroup, change: PeerSetChange): void {
    const protocol = this.#host.protocol;
    const listed = new Set<string>();
    for (const g of this.groups) for (const peer of g.peers) listed.add(serverLabel(protocol, peer));
    this.#retired!.update(change.removed, listed, (peer) => serverLabel(protocol, peer));
    if (change.added.length > 0) this.#drain(group);
  }

  /**
   * The options to give Node's `addRequest` for `req`: `undefined` when its host names no
   * group (the caller's own options are used), `null` when the router has taken the request
   * (it waits for a server, or it failed).
   */
  route(req: ClientRequest, options: RequestOptions): RequestOptions | undefined | null {
    // Options the router made (a re-dispatch to the next server): already routed.
    if (attemptOf(options) !== undefined) return options;
    const r = req as AttemptRequest;
    let attempt = r[kAttempt];
    if (attempt === undefined) {
      const group = this.groups.get(hostOf(options));
      if (group === undefined) return undefined;
      this.#resolver?.resume();
      attempt = {
        group,
        tried: group.tried(),
        base: options,
        view: viewOf(req, options),
        peer: undefined,
        failures: [],
        waiting: undefined,
        waitingSince: 0,
      };
      r[kAttempt] = attempt;
      const a = attempt;
      // Node emits the request's 'close' just before it frees its socket ('free'): the pick is
      // released once the socket is back in the pool, so that a request waiting for the server
      // takes that connection rather than opening one more than `maxConns`.
      req.once('close', () => process.nextTick(onRequestClosed, this, r, a));
      if (this.#resolver?.pending(group) === true) {
        // Its names are being resolved for the first time: the request waits for the answer, within connectTimeout.
        const { connectTimeout } = this.#settings;
        const limit = connectTimeout > 0 && connectTimeout !== Infinity ? connectTimeout : RESOLVE_TIMEOUT;
        this.#resolver.whenResolved(group, limit, () => this.#resume(r, a));
        return null;
      }
    }
    return this.#pick(r, attempt);
  }

  /** The first resolution of the group's names is over (or timed out): the request picks its server now. */
  #resume(req: AttemptRequest, attempt: Attempt): void {
    if (req.destroyed || this.#host.pool.closing) {
      // Aborted while it waited: Node's way, its 'close' (and 'error') now; or `close()` was called.
      failRequest(req, new AgentClosedError());
      return;
    }
    attempt.tried = attempt.group.tried();
    const next = this.#pick(req, attempt);
    if (next !== null) this.#host.addRequest(req, next);
  }

  /**
   * A connection for a group's request, handed to Node's `createSocket` (`done`) only once it
   * is established, or failed with its error (connect error, TLS handshake error, connect
   * timeout) without Node binding it to the request.
   */
  connect(open: (options: RequestOptions) => Duplex | null | undefined, options: RequestOptions, done: CreateSocketCallback): void {
    const socket = open(options) as InternalSocket | null | undefined;
    if (socket === null || socket === undefined) {
      done(new Error('createConnection returned no socket'));
      return;
    }
    const tls = this.#tls && (socket as { encrypted?: boolean }).encrypted === true;
    if (!tls && !socket.connecting) {
      done(null, socket);
      return;
    }
    const ready = tls ? 'secureConnect' : 'connect';
    const timeout = this.#settings.connectTimeout;
    let timer: NodeJS.Timeout | undefined;
    const settle = (err: Error | null): void => {
      if (timer !== undefined) clearTimeout(timer);
      socket.removeListener(ready, onReady);
      socket.removeListener('error', settle);
      socket.removeListener('close', onClose);
      if (err === null) done(null, socket);
      else {
        socket.destroy();
        done(err);
      }
    };
    const onReady = (): void => settle(null);
    const onClose = (): void => settle(new Error('the connection closed before it was established'));
    socket.once(ready, onReady);
    socket.once('error', settle);
    socket.once('close', onClose);
    if (timeout > 0 && timeout !== Infinity) {
      const attempt = attemptOf(options);
      const origin = `${this.#host.protocol}//${attempt?.peer?.address ?? `${options.host}:${options.port}`}`;
      timer = setTimeout(() => settle(new ConnectTimeoutError(origin, timeout, tls)), Math.min(timeout, MAX_TIMER_MS)).unref();
    }
  }

  /**
   * A group's request could not get its connection: the server failed; the request goes to the
   * next server. Returns the error to give the caller, or `undefined` when the request was
   * re-dispatched (or taken by the router: waiting, or failed with the list of servers tried).
   */
  connectFailed(req: ClientRequest, options: RequestOptions, err: Error): Error | undefined {
    const attempt = attemptOf(options);
    const r = req as AttemptRequest;
    if (attempt === undefined || r[kAttempt] !== attempt || attempt.peer === undefined) return err;
    const peer = attempt.peer;
    attempt.peer = undefined;
    attempt.failures.push({ address: peer.address, error: err });
    attempt.group.release(peer, 'failure');
    if (r.destroyed) return err;
    if (!attempt.tried.canRetry()) return new NoLiveUpstreamError(attempt.group.name, attempt.failures);
    const next = this.#pick(r, attempt);
    if (next !== null) this.#host.addRequest(req, next);
    this.#drain(attempt.group);
    return undefined;
  }

  #pick(req: AttemptRequest, attempt: Attempt): RequestOptions | null {
    const pick = attempt.group.pick(attempt.view, attempt.tried);
    if (pick === 'busy') {
      this.#waiting.add(req, attempt); // every eligible server is at its maxConns: it waits for one
      return null;
    }
    if (pick === 'none') {
      failRequest(req, noLiveUpstream(attempt));
      return null;
    }
    return optionsFor(attempt, pick, this.#host.protocol);
  }

  /** A request of the group ended: the requests waiting for a server try again, in order. */
  #drain(group: UpstreamGroup): void {
    for (let req = this.#waiting.head(group); req !== undefined; req = this.#waiting.head(group)) {
      const attempt = req[kAttempt]!;
      const pick = group.pick(attempt.view, attempt.tried);
      if (pick === 'busy') return; // still at the caps
      this.#waiting.remove(req, attempt);
      if (pick === 'none') {
        failRequest(req, noLiveUpstream(attempt));
        continue;
      }
      this.#host.addRequest(req, optionsFor(attempt, pick, this.#host.protocol));
    }
  }

  /** @internal The request closed: its pick is released (a failure if its connection failed before any response byte). */
  closed(req: AttemptRequest, attempt: Attempt): void {
    this.#waiting.remove(req, attempt);
    const peer = attempt.peer;
    if (peer !== undefined) {
      attempt.peer = undefined;
      const socket = req.socket as InternalSocket | null;
      const failed = (req.res === undefined || req.res === null) && socket !== null && socket !== undefined && hadError(socket);
      attempt.group.release(peer, failed ? 'failure' : 'success');
    }
    this.#drain(attempt.group);
  }
}

function onRequestClosed(router: UpstreamRouter, req: AttemptRequest, attempt: Attempt): void {
  router.closed(req, attempt);
}

/** No server could take the request: the servers it tried, and the `resolve` servers that have no address. */
function noLiveUpstream(attempt: Attempt): NoLiveUpstreamError {
  const unresolved: UpstreamAttemptFailure[] = attempt.group.unresolved();
  return new NoLiveUpstreamError(attempt.group.name, [...attempt.failures, ...unresolved]);
}
