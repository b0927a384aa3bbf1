import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { withOverrides } from '../options/nginx';
import { parseNginxAgentConfig } from '../options/nginx-config';
import { connectOptionsOf, type InternalConnectOptions } from '../node-agent/node-internals';
import type { HttpsPoolOptions, KeepAlivePoolOptions, UpstreamsPoolOptions } from '../options/options';
import { nodeSessionCapacity } from '../options/node-readings';
import { HTTPS_AGENT_OPTIONS } from '../options/spec';
import { withKeepAlivePool } from './pooling-agent';
import type { HttpsPoolAgentConstructor } from './agent-surface';
import { TlsSessionCache } from '../tls/session-cache';
import { type ContextOptions, SecureContextCache } from '../tls/secure-context-cache';
import { offerSession } from '../tls/offer-session';

/**
 * Options of {@link HttpsAgent}: every option of Node's `https.Agent` (TLS options included,
 * `keepAlive` defaulting to `true`), {@link KeepAlivePoolOptions}, and `maxCachedSessions`.
 */
export interface HttpsAgentOptions extends https.AgentOptions, KeepAlivePoolOptions, HttpsPoolOptions, UpstreamsPoolOptions {}

declare module 'https' {
  interface Agent {
    /** Set by Node's constructor from `options.maxCachedSessions` (default 100). */
    maxCachedSessions: number;
    /** Node's session-cache hooks, called by `https.Agent#createConnection`. */
    _getSession(key: string): Buffer | undefined;
    _cacheSession(key: string, session: Buffer): void;
    _evictSession(key: string): void;
  }
}

const HttpsAgentBase: HttpsPoolAgentConstructor = withKeepAlivePool(https.Agent, HTTPS_AGENT_OPTIONS);

/**
 * The same pool as {@link HttpAgent}, over TLS: a drop-in `https.Agent` (a real subclass)
 * whose TLS session cache is an LRU (Node's is first-in-first-out), refreshed from every
 * session ticket, including tickets that arrive after the handshake or while the socket is
 * idle, and cleared of a session as soon as a handshake offering it does not resume.
 */
export class HttpsAgent extends HttpsAgentBase {
  private readonly sessions: TlsSessionCache;
  /** One TLS secure context per pool key, made once rather than for every connection. */
  private readonly contexts = new SecureContextCache();
  /** The session of the cache for the connection being opened (what `_getSession` found). */
  private offered: Buffer | undefined;
  /** While Node's createConnection runs: `_getSession` keeps the session for {@link createConnection} to offer. */
  private deferSession = false;

  /**
   * @param options Node's `https.Agent` options (`keepAlive` defaults to `true`) and ours.
   * @throws {TypeError|RangeError} with `code === 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION'`.
   */
  constructor(options?: HttpsAgentOptions) {
    super(options);
    this.sessions = new TlsSessionCache(nodeSessionCapacity(this.maxCachedSessions));
  }

  /** The TLS sessions held now, for inspection: origin keys, most recently used first. */
  get cachedSessionKeys(): string[] {
    return this.sessions.keys();
  }

  /**
   * @hidden Node's hook: opens the TLS connection, in every call form Node accepts, and offers
   * it the cached session, once (`lib/tls/offer-session.ts`: `tls.connect()` would decode it
   * twice). A session the caller passes (`options.session`) is Node's to offer; with a caller's
   * own `socket` (whose handshake `tls.connect()` starts at once) Node offers the cache's.
   */
  override createConnection(...args: unknown[]): Duplex | null | undefined {
    const options = connectOptionsOf(args) as (InternalConnectOptions & { session?: unknown; socket?: unknown }) | undefined;
    if (options !== undefined) this.contexts.provide(options as ContextOptions);
    const callerSession = options?.session !== undefined;
    const defer = !callerSession && options?.socket === undefined;
    this.offered = undefined;
    this.deferSession = defer;
    let socket: Duplex | null | undefined;
    try {
      socket = (super.createConnection as (...a: unknown[]) => Duplex | null | undefined)(...args);
    } finally {
      this.deferSession = false;
    }
    // The caller's own session, if any, is the one offered: not the cache's.
    const offered = callerSession ? undefined : this.offered;
    this.offered = undefined;
    const key = options?._agentKey;
    if (socket && offered !== undefined && key !== undefined && (!defer || offerSession(socket, offered))) {
      this.watchResumption(socket as TLSSocket, key, offered);
    }
    return socket;
  }

  /**
   * A handshake that offered a session and did not resume it (the server rotated its ticket
   * keys, or forgot the session), or that failed, drops that session at once; a ticket from
   * the new handshake then takes its place.
   */
  private watchResumption(socket: TLSSocket, key: string, offered: Buffer): void {
    const onSecure = (): void => {
      socket.removeListener('close', onClose);
      if (!socket.isSessionReused()) this.sessions.delete(key, offered);
    };
    const onClose = (): void => {
      socket.removeListener('secureConnect', onSecure);
      this.sessions.delete(key, offered);
    };
    socket.once('secureConnect', onSecure);
    socket.once('close', onClose);
  }

  /** @hidden Node's session-cache hook (inside {@link createConnection}, the session is offered there). */
  override _getSession(key: string): Buffer | undefined {
    const session = this.sessions.get(key);
    this.offered = session;
    return this.deferSession ? undefined : session;
  }

  /** @hidden Node's session-cache hook. */
  override _cacheSession(key: string, session: Buffer): void {
    this.sessions.set(key, session);
  }

  /**
   * Node calls this for any socket that closes with an error, even long after a good
   * handshake; a session is dropped here only by a failed or non-resumed handshake that
   * offered it (see `watchResumption`), so a reset connection does not cost a full handshake.
   */
  override _evictSession(_key: string): void {}

  /**
   * Builds an agent from NGINX upstream keepalive directives; see `HttpAgent.fromNginx`.
   */
  static fromNginx(text: string, overrides?: HttpsAgentOptions): HttpsAgent {
    return new HttpsAgent(withOverrides(parseNginxAgentConfig(text), overrides));
  }
}
