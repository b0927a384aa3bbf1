/**
 * Reads the `timeout` parameter of a `Keep-Alive` response header (RFC 9112 §9.3 leaves it
 * to the historical `Keep-Alive: timeout=5, max=100` syntax): the number of seconds the
 * server keeps an idle connection open.
 *
 * Unlike Node's own agent (which only matches `timeout=` at the very start of the header),
 * parameters may come in any order, with any case and optional white space or quotes.
 *
 * @returns the timeout in seconds, or `undefined` when the header has no valid timeout.
 */
export function parseKeepAliveTimeout(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  // A fraction (`timeout=2.9`, not the RFC's delta-seconds) counts its whole seconds, as
  // Node's agent reads it: never longer than the server said.
  const match = /(?:^|[,;\s])timeout\s*=\s*"?(\d{1,10})(?:\.\d*)?"?\s*(?:$|[,;\s])/i.exec(value);
  return match ? Number(match[1]) : undefined;
}

/**
 * The last `Keep-Alive` value a connection received and the hint read from it: a server sends
 * the same value on every response, so it is parsed once per connection, not once per response.
 */
export interface HintMemo {
  hintHeader: string | undefined;
  hintOfHeader: number | undefined;
}

/**
 * The `Keep-Alive` timeout hint (seconds) as the server sent it: read from the response's raw
 * header list, which code that edits `res.headers` (a proxy removing hop-by-hop headers before
 * it forwards them) leaves intact. The first `Keep-Alive` field with a timeout wins. With a
 * `memo`, a value equal to the last one is not parsed again.
 */
export function keepAliveHintOf(rawHeaders: readonly string[], memo?: HintMemo): number | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length !== 10 || !isKeepAliveName(name)) continue;
    const value = rawHeaders[i + 1]!;
    let hint: number | undefined;
    if (memo !== undefined && memo.hintHeader === value) hint = memo.hintOfHeader;
    else {
      hint = parseKeepAliveTimeout(value);
      if (memo !== undefined) {
        memo.hintHeader = value;
        memo.hintOfHeader = hint;
      }
    }
    if (hint !== undefined) return hint;
  }
  return undefined;
}

const KEEP_ALIVE = 'keep-alive';

/** `name` (10 characters) is `Keep-Alive` in any case, compared without allocating a lower-case copy. */
function isKeepAliveName(name: string): boolean {
  for (let j = 0; j < 10; j++) {
    let c = name.charCodeAt(j);
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c !== KEEP_ALIVE.charCodeAt(j)) return false;
  }
  return true;
}
