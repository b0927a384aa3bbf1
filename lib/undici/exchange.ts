/**
 * One request through the dispatcher, between the caller's handler and the `Client` of the
 * connection that carries it. It learns what the pool rules need (the request started on the
 * connection, the first response byte, the final response's `Keep-Alive` and `Connection`, the
 * request fully sent, the response complete, an error), and passes everything on unchanged.
 *
 * Both handler APIs meet here: the caller's handler may use the older callbacks (`onConnect`,
 * `onHeaders`, ...: Node's built-in `fetch()` up to undici 7, undici 7's `request`) or the
 * controller API (`onRequestStart`, `onResponseStart`, ...: undici 8's `fetch()` in Node 26,
 * undici's interceptors); towards the `Client` the exchange speaks the older callbacks, which
 * undici 7 runs itself, and `ControllerFace` (`controller-face.ts`) turns them into the
 * controller API for undici ≥ 8. For a caller of the controller API the exchange is its
 * controller.
 * @module
 */
import type { Dispatcher } from 'undici';
import { errors, parseHeaders } from './peer';
import { type ResponseFacts, readParsedResponse, readRawResponse } from './response-headers';

type Handler = Dispatcher.DispatchHandler;
type Raw = Buffer[] | string[];

/** Where an exchange is: not yet given to a connection, given to one, started on its socket, over. */
export type ExchangePhase = 'waiting' | 'dispatched' | 'started' | 'done';

/** What an exchange reports to the pool. */
export interface ExchangeOwner<X> {
  /** undici started the request on the connection's socket (it is about to be written). */
  started(x: X): void;
  /** The response is complete. */
  ended(x: X): void;
  /** The request failed, or was aborted, after it was given to a connection (or while it waited). */
  failed(x: X, err: Error): void;
  /** The connection was upgraded (or a `CONNECT` answered): the socket is the caller's now. */
  upgraded(x: X): void;
  /** The caller aborted the request before it reached a connection: take it out of the queue. */
  withdrawn(x: X): void;
}

/**
 * Fails a request before any exchange exists for it (a closed dispatcher, a bad origin), as
 * undici's own dispatchers do: `onResponseError(null, err)` for the controller API, `onError(err)` otherwise.
 */
export function failHandler(handler: Handler, err: Error): void {
  if (typeof handler.onRequestStart === 'function') handler.onResponseError?.(null as unknown as Dispatcher.DispatchController, err);
  else if (typeof handler.onError === 'function') handler.onError(err);
  else throw err;
}

/**
 * What undici's own dispatchers refuse in a handler of the older callbacks (its
 * `assertRequestHandler`): the name of the missing callback, or undefined when the handler is
 * complete. A handler of the controller API is taken as undici 7 takes it.
 */
export function missingCallback(handler: Handler, opts: Dispatcher.DispatchOptions): string | undefined {
  if (typeof handler.onRequestStart === 'function') return undefined;
  if (typeof handler.onConnect !== 'function') return 'onConnect';
  if (typeof handler.onError !== 'function') return 'onError';
  if (handler.onBodySent !== undefined && typeof handler.onBodySent !== 'function') return 'onBodySent';
  if ((opts as { upgrade?: unknown }).upgrade || opts.method === 'CONNECT') return typeof handler.onUpgrade === 'function' ? undefined : 'onUpgrade';
  if (typeof handler.onHeaders !== 'function') return 'onHeaders';
  if (typeof handler.onData !== 'function') return 'onData';
  if (typeof handler.onComplete !== 'function') return 'onComplete';
  return undefined;
}

/** `S`: the pool's connection, `G`: its origin (opaque here: no import of the pool). */
export class Exchange<S = unknown, G = unknown> implements Dispatcher.DispatchController {
  readonly opts: Dispatcher.DispatchOptions;
  /** The origin it goes to, and the connection that carries it once given one. */
  readonly group: G;
  slot: S | null = null;
  phase: ExchangePhase = 'waiting';
  /** The socket it started on (set by the pool), and whether that socket had carried a request before. */
  startedOn: object | null = null;
  reused = false;
  /** The caller's `Connection: close` stays (`stripConnectionClose: false`): undici closes the connection after it. */
  asksToClose = false;
  /** When it started waiting for a connection (ms, monotonic), and its queue timer. */
  queuedAt = 0;
  queueTimer: NodeJS.Timeout | undefined;
  /** A byte of the response arrived; the final response's headers were read; the request went out whole; the response is complete. */
  responseStarted = false;
  readonly response: ResponseFacts = { hint: undefined, close: false };
  headersRead = false;
  requestSent = false;
  complete = false;
  /** The caller aborted it. */
  callerAborted = false;
  /** The error was delivered to the caller (never twice, never after the end). */
  #delivered = false;
  #reason: Error | null = null;
  readonly #owner: ExchangeOwner<Exchange<S, G>>;
  readonly #caller: Handler;
  /** The caller speaks the controller API. */
  readonly #modern: boolean;
  #abortUpstream: ((err: Error) => void) | null = null;
  #resumeUpstream: (() => void) | null = null;
  #paused = false;
  #abortFn: ((err?: Error) => void) | undefined;
  /** Controller API: the raw headers and trailers of the response, as undici gives them. */
  rawHeaders: Raw | null = null;
  rawTrailers: Raw | null = null;

  constructor(owner: ExchangeOwner<Exchange<S, G>>, opts: Dispatcher.DispatchOptions, caller: Handler, group: G) {
    this.#owner = owner;
    this.opts = opts;
    this.#caller = caller;
    this.#modern = typeof caller.onRequestStart === 'function';
    this.group = group;
  }

  // ---- towards the caller --------------------------------------------------------------------------

  /**
   * Hands the caller its means to abort at once, before the request waits for a connection:
   * an abort while it waits takes it out of the queue, and costs no connection.
   * @returns false when the caller aborted at once.
   */
  begin(): boolean {
    if (this.#modern) this.#caller.onRequestStart?.(this, undefined);
    else this.#caller.onConnect?.((this.#abortFn ??= (err?: Error) => this.abort(err)));
    return !this.callerAborted;
  }

  /** Fails the request before it reached a connection (a full queue, a closed dispatcher, a bad origin). */
  fail(err: Error): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    this.#deliverError(err);
  }

  #deliverError(err: Error): void {
    if (this.#delivered || this.complete) return;
    this.#delivered = true;
    if (this.#modern) this.#caller.onResponseError?.(this, err);
    else if (typeof this.#caller.onError === 'function') this.#caller.onError(err);
    else throw err;
  }

  // ---- the controller (for a caller of the controller API) -----------------------------------------

  get aborted(): boolean {
    return this.callerAborted;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get reason(): Error | null {
    return this.#reason;
  }

  abort(reason?: Error): void {
    if (this.callerAborted || this.phase === 'done') return;
    this.callerAborted = true;
    const err = reason ?? new errors.RequestAbortedError();
    this.#reason = err;
    if (this.#abortUpstream !== null) {
      this.#abortUpstream(err); // undici fails the request: onError follows
      return;
    }
    // Not started on a connection yet: failed here. A request already given to a connection is
    // refused when undici starts it (see onConnect), which leaves that connection usable.
    if (this.phase === 'waiting') {
      this.phase = 'done';
      this.#owner.withdrawn(this);
    }
    this.#deliverError(err);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#resumeUpstream?.();
  }

  // ---- towards undici's Client (the older callbacks) -------------------------------------------------

  onConnect(abort: (err?: Error) => void): void {
    // Aborted by its caller after it was given to the connection: failing here (before anything
    // is written) keeps the connection; undici's `abort` would destroy it.
    if (this.callerAborted) throw this.#reason;
    this.#abortUpstream = abort;
    this.phase = 'started';
    this.#owner.started(this);
  }

  onResponseStarted(): void {
    this.responseStarted = true;
    this.#caller.onResponseStarted?.();
  }

  /** `parsed`: the headers as undici ≥ 8 parsed them already. */
  onHeaders(statusCode: number, rawHeaders: Raw, resume: () => void, statusText: string, parsed?: Record<string, string | string[]>): boolean {
    if (statusCode >= 200) {
      if (parsed !== undefined) readParsedResponse(this.response, parsed);
      else readRawResponse(this.response, rawHeaders);
      this.headersRead = true;
    }
    if (!this.#modern) return this.#caller.onHeaders?.(statusCode, rawHeaders as Buffer[], resume, statusText) !== false;
    this.#resumeUpstream = resume;
    this.rawHeaders = rawHeaders;
    this.#caller.onResponseStart?.(this, statusCode, parsed ?? parseHeaders(rawHeaders), statusText);
    return !this.#paused;
  }

  onData(chunk: Buffer): boolean {
    if (!this.#modern) return this.#caller.onData?.(chunk) !== false;
    this.#caller.onResponseData?.(this, chunk);
    return !this.#paused;
  }

  /** `parsed`: the trailers as undici ≥ 8 parsed them already. */
  onComplete(trailers: Raw | null, parsed?: Record<string, string | string[]>): void {
    this.complete = true;
    this.phase = 'done';
    // Before the caller hears of it: the connection is released before the caller's next request.
    this.#owner.ended(this);
    if (!this.#modern) {
      this.#caller.onComplete?.(trailers as string[] | null);
      return;
    }
    this.rawTrailers = trailers;
    this.#caller.onResponseEnd?.(this, parsed ?? parseHeaders(trailers ?? []));
  }

  onError(err: Error): void {
    this.phase = 'done';
    this.#owner.failed(this, err);
    this.#deliverError(err);
  }

  onUpgrade(statusCode: number, rawHeaders: Raw | null, socket: import('node:stream').Duplex, parsed?: Record<string, string | string[]>): void {
    this.phase = 'done';
    this.complete = true;
    this.#owner.upgraded(this);
    if (!this.#modern) {
      this.#caller.onUpgrade?.(statusCode, rawHeaders as Buffer[] | null, socket);
      return;
    }
    this.rawHeaders = rawHeaders;
    this.#caller.onRequestUpgrade?.(this, statusCode, parsed ?? parseHeaders(rawHeaders ?? []), socket);
  }

  onBodySent(...args: unknown[]): void {
    (this.#caller.onBodySent as ((...a: unknown[]) => void) | undefined)?.(...args);
  }

  onRequestSent(): void {
    this.requestSent = true;
    (this.#caller as { onRequestSent?: () => void }).onRequestSent?.();
  }
}
