"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Exchange = void 0;
exports.failHandler = failHandler;
exports.missingCallback = missingCallback;
const peer_1 = require("./peer");
const response_headers_1 = require("./response-headers");
/**
 * Fails a request before any exchange exists for it (a closed dispatcher, a bad origin), as
 * undici's own dispatchers do: `onResponseError(null, err)` for the controller API, `onError(err)` otherwise.
 */
function failHandler(handler, err) {
    if (typeof handler.onRequestStart === 'function')
        handler.onResponseError?.(null, err);
    else if (typeof handler.onError === 'function')
        handler.onError(err);
    else
        throw err;
}
/**
 * What undici's own dispatchers refuse in a handler of the older callbacks (its
 * `assertRequestHandler`): the name of the missing callback, or undefined when the handler is
 * complete. A handler of the controller API is taken as undici 7 takes it.
 */
function missingCallback(handler, opts) {
    if (typeof handler.onRequestStart === 'function')
        return undefined;
    if (typeof handler.onConnect !== 'function')
        return 'onConnect';
    if (typeof handler.onError !== 'function')
        return 'onError';
    if (handler.onBodySent !== undefined && typeof handler.onBodySent !== 'function')
        return 'onBodySent';
    if (opts.upgrade || opts.method === 'CONNECT')
        return typeof handler.onUpgrade === 'function' ? undefined : 'onUpgrade';
    if (typeof handler.onHeaders !== 'function')
        return 'onHeaders';
    if (typeof handler.onData !== 'function')
        return 'onData';
    if (typeof handler.onComplete !== 'function')
        return 'onComplete';
    return undefined;
}
/** `S`: the pool's connection, `G`: its origin (opaque here: no import of the pool). */
class Exchange {
    opts;
    /** The origin it goes to, and the connection that carries it once given one. */
    group;
    slot = null;
    phase = 'waiting';
    /** The socket it started on (set by the pool), and whether that socket had carried a request before. */
    startedOn = null;
    reused = false;
    /** The caller's `Connection: close` stays (`stripConnectionClose: false`): undici closes the connection after it. */
    asksToClose = false;
    /** When it started waiting for a connection (ms, monotonic), and its queue timer. */
    queuedAt = 0;
    queueTimer;
    /** A byte of the response arrived; the final response's headers were read; the request went out whole; the response is complete. */
    responseStarted = false;
    response = { hint: undefined, close: false };
    headersRead = false;
    requestSent = false;
    complete = false;
    /** The caller aborted it. */
    callerAborted = false;
    /** The error was delivered to the caller (never twice, never after the end). */
    #delivered = false;
    #reason = null;
    #owner;
    #caller;
    /** The caller speaks the controller API. */
    #modern;
    #abortUpstream = null;
    #resumeUpstream = null;
    #paused = false;
    #abortFn;
    /** Controller API: the raw headers and trailers of the response, as undici gives them. */
    rawHeaders = null;
    rawTrailers = null;
    constructor(owner, opts, caller, group) {
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
    begin() {
        if (this.#modern)
            this.#caller.onRequestStart?.(this, undefined);
        else
            this.#caller.onConnect?.((this.#abortFn ??= (err) => this.abort(err)));
        return !this.callerAborted;
    }
    /** Fails the request before it reached a connection (a full queue, a closed dispatcher, a bad origin). */
    fail(err) {
        if (this.phase === 'done')
            return;
        this.phase = 'done';
        this.#deliverError(err);
    }
    #deliverError(err) {
        if (this.#delivered || this.complete)
            return;
        this.#delivered = true;
        if (this.#modern)
            this.#caller.onResponseError?.(this, err);
        else if (typeof this.#caller.onError === 'function')
            this.#caller.onError(err);
        else
            throw err;
    }
    // ---- the controller (for a caller of the controller API) -----------------------------------------
    get aborted() {
        return this.callerAborted;
    }
    get paused() {
        return this.#paused;
    }
    get reason() {
        return this.#reason;
    }
    abort(reason) {
        if (this.callerAborted || this.phase === 'done')
            return;
        this.callerAborted = true;
        const err = reason ?? new peer_1.errors.RequestAbortedError();
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
    pause() {
        this.#paused = true;
    }
    resume() {
        if (!this.#paused)
            return;
        this.#paused = false;
        this.#resumeUpstream?.();
    }
    // ---- towards undici's Client (the older callbacks) -------------------------------------------------
    onConnect(abort) {
        // Aborted by its caller after it was given to the connection: failing here (before anything
        // is written) keeps the connection; undici's `abort` would destroy it.
        if (this.callerAborted)
            throw this.#reason;
        this.#abortUpstream = abort;
        this.phase = 'started';
        this.#owner.started(this);
    }
    onResponseStarted() {
        this.responseStarted = true;
        this.#caller.onResponseStarted?.();
    }
    /** `parsed`: the headers as undici ≥ 8 parsed them already. */
    onHeaders(statusCode, rawHeaders, resume, statusText, parsed) {
        if (statusCode >= 200) {
            if (parsed !== undefined)
                (0, response_headers_1.readParsedResponse)(this.response, parsed);
            else
                (0, response_headers_1.readRawResponse)(this.response, rawHeaders);
            this.headersRead = true;
        }
        if (!this.#modern)
            return this.#caller.onHeaders?.(statusCode, rawHeaders, resume, statusText) !== false;
        this.#resumeUpstream = resume;
        this.rawHeaders = rawHeaders;
        this.#caller.onResponseStart?.(this, statusCode, parsed ?? (0, peer_1.parseHeaders)(rawHeaders), statusText);
        return !this.#paused;
    }
    onData(chunk) {
        if (!this.#modern)
            return this.#caller.onData?.(chunk) !== false;
        this.#caller.onResponseData?.(this, chunk);
        return !this.#paused;
    }
    /** `parsed`: the trailers as undici ≥ 8 parsed them already. */
    onComplete(trailers, parsed) {
        this.complete = true;
        this.phase = 'done';
        // Before the caller hears of it: the connection is released before the caller's next request.
        this.#owner.ended(this);
        if (!this.#modern) {
            this.#caller.onComplete?.(trailers);
            return;
        }
        this.rawTrailers = trailers;
        this.#caller.onResponseEnd?.(this, parsed ?? (0, peer_1.parseHeaders)(trailers ?? []));
    }
    onError(err) {
        this.phase = 'done';
        this.#owner.failed(this, err);
        this.#deliverError(err);
    }
    onUpgrade(statusCode, rawHeaders, socket, parsed) {
        this.phase = 'done';
        this.complete = true;
        this.#owner.upgraded(this);
        if (!this.#modern) {
            this.#caller.onUpgrade?.(statusCode, rawHeaders, socket);
            return;
        }
        this.rawHeaders = rawHeaders;
        this.#caller.onRequestUpgrade?.(this, statusCode, parsed ?? (0, peer_1.parseHeaders)(rawHeaders ?? []), socket);
    }
    onBodySent(...args) {
        this.#caller.onBodySent?.(...args);
    }
    onRequestSent() {
        this.requestSent = true;
        this.#caller.onRequestSent?.();
    }
}
exports.Exchange = Exchange;
//# sourceMappingURL=exchange.js.map