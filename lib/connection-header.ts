import type { ClientRequest } from 'node:http';

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

/**
 * Removes a `Connection: close` (and any `Keep-Alive` header) from a request whose headers
 * are not yet written. A `Connection` header that also asks for an upgrade is kept. The
 * request then goes out exactly as one that never had the header: with the
 * `Connection: keep-alive` that Node's keepalive agent sends by default.
 * @returns true when something was removed.
 */
export function stripConnectionClose(req: ClientRequest): boolean {
  if (req.headersSent) return false;
  let stripped = false;
  const connection = req.getHeader('connection');
  if (hasConnectionToken(connection, 'close') && !hasConnectionToken(connection, 'upgrade')) {
    req.setHeader('Connection', 'keep-alive');
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
  req.setHeader('Connection', 'close');
  return true;
}
