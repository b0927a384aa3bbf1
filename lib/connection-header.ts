import { type ClientRequest, OutgoingMessage } from 'node:http';

const TOKEN_PATTERNS: Record<string, RegExp> = {
  close: /(?:^|,)[ \t]*close[ \t]*(?:,|$)/i,
  upgrade: /(?:^|,)[ \t]*upgrade[ \t]*(?:,|$)/i,
};

/**
 * True when a `Connection` header value has the token (`close` or `upgrade`),
 * case-insensitive, in a comma-separated list. Allocation-free for a string value.
 */
export function hasConnectionToken(value: string | number | readonly string[] | undefined, token: 'close' | 'upgrade'): boolean {
  if (value === undefined || typeof value === 'number') return false;
  const pattern = TOKEN_PATTERNS[token]!;
  if (typeof value === 'string') return value.length >= token.length && pattern.test(value);
  return value.some((v) => pattern.test(v));
}

/** What the guard knows of a request: strip the caller's `Connection: close`; keep ours. */
const kGuard: unique symbol = Symbol('upstream-keepalive.connectionGuard');

interface GuardedRequest extends ClientRequest {
  [kGuard]?: { strip: boolean; last: boolean };
}

const setHeader = OutgoingMessage.prototype.setHeader;
const appendHeader = (OutgoingMessage.prototype as { appendHeader?: OutgoingMessage['setHeader'] }).appendHeader;

/** True for a `Connection` value asking to close that is not an upgrade. */
function asksToClose(value: unknown): boolean {
  const v = value as string | readonly string[];
  return hasConnectionToken(v, 'close') && !hasConnectionToken(v, 'upgrade');
}

/**
 * `setHeader` / `appendHeader` of a request going through the pool, installed on the request
 * itself (callers such as superagent set their headers after `http.request()` returns, which
 * is after `addRequest`): a caller's `Connection: close` becomes `keep-alive` and a
 * `Keep-Alive` header is dropped when stripping is on; our `Connection: close` on a socket's
 * last request is never overwritten.
 */
function guarded(original: OutgoingMessage['setHeader']) {
  return function guardedHeader(this: GuardedRequest, name: string, value: number | string | readonly string[]) {
    const guard = this[kGuard];
    if (guard !== undefined && typeof name === 'string') {
      const lower = name.length === 10 ? name.toLowerCase() : '';
      if (lower === 'connection') {
        if (guard.last) return this;
        if (guard.strip && asksToClose(value)) value = 'keep-alive';
      } else if (lower === 'keep-alive' && guard.strip) {
        return this;
      }
    }
    return original.call(this, name, value);
  };
}

const guardedSetHeader = guarded(setHeader);
const guardedAppendHeader = appendHeader && guarded(appendHeader);

function guard(req: GuardedRequest): { strip: boolean; last: boolean } {
  let state = req[kGuard];
  if (state === undefined) {
    state = { strip: false, last: false };
    req[kGuard] = state;
    req.setHeader = guardedSetHeader as ClientRequest['setHeader'];
    if (guardedAppendHeader) (req as { appendHeader?: unknown }).appendHeader = guardedAppendHeader;
  }
  return state;
}

/**
 * Removes a `Connection: close` (and any `Keep-Alive` header) from a request whose headers
 * are not yet written. A `Connection` header that also asks for an upgrade is kept. The
 * request then goes out exactly as one that never had the header: with the
 * `Connection: keep-alive` that Node's keepalive agent sends by default. Headers the caller
 * sets later, before the headers are written, are filtered the same way.
 * @returns true when something was removed.
 */
export function stripConnectionClose(req: ClientRequest): boolean {
  if (req.headersSent) return false;
  guard(req).strip = true;
  let stripped = false;
  const connection = req.getHeader('connection');
  if (asksToClose(connection)) {
    setHeader.call(req, 'Connection', 'keep-alive');
    stripped = true;
  }
  if (req.hasHeader('keep-alive')) {
    req.removeHeader('keep-alive');
    stripped = true;
  }
  return stripped;
}

/**
 * Marks the last request a socket may carry with `Connection: close`, when its headers are
 * not yet written and it is not an upgrade: the server then closes the connection cleanly
 * after its response, instead of racing the client's next request.
 * @returns true when the header was set.
 */
export function markLastRequest(req: ClientRequest): boolean {
  if (req.headersSent) return false;
  if (hasConnectionToken(req.getHeader('connection'), 'upgrade')) return false;
  setHeader.call(req, 'Connection', 'close');
  guard(req).last = true;
  return true;
}
