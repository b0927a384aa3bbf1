/**
 * What the pool reads of a response's headers, as undici hands them over: raw (`Buffer` or
 * string name / value pairs) or parsed (an object with lower-case names). Only two fields
 * matter: `Keep-Alive` (the server's idle timeout hint) and `Connection` (a `close` token).
 * @module
 */
import { hasConnectionToken } from '../rules/connection-options';
import { parseKeepAliveTimeout } from '../rules/keep-alive-header';

/** What the pool needs to know of a final response. */
export interface ResponseFacts {
  /** The `Keep-Alive: timeout=N` hint, in seconds. */
  hint: number | undefined;
  /** The response's `Connection` header has the `close` token. */
  close: boolean;
}

type Raw = readonly (Buffer | string | readonly (Buffer | string)[])[];

/** A header name (10 characters long) equal to `lower` (lower-case ASCII), without converting it. */
function nameIs(name: Buffer | string, lower: string): boolean {
  for (let i = 0; i < 10; i++) {
    const c = typeof name === 'string' ? name.charCodeAt(i) : name[i]!;
    // ASCII upper case to lower case; '-' (45) is not a letter and stays.
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function text(value: Buffer | string | readonly (Buffer | string)[] | undefined): string | string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v: Buffer | string) => (typeof v === 'string' ? v : v.toString('latin1')));
  return (value as Buffer).toString('latin1');
}

/** Fills `facts` from raw headers (one pass; only names of 10 characters are looked at). */
export function readRawResponse(facts: ResponseFacts, raw: Raw | null | undefined): void {
  facts.hint = undefined;
  facts.close = false;
  if (raw === null || raw === undefined) return;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as Buffer | string;
    if (name.length !== 10 || Array.isArray(name)) continue;
    if (nameIs(name, 'keep-alive')) {
      if (facts.hint === undefined) facts.hint = parseKeepAliveTimeout(text(raw[i + 1]));
    } else if (nameIs(name, 'connection')) {
      facts.close ||= hasConnectionToken(text(raw[i + 1]), 'close');
    }
  }
}

/** Fills `facts` from parsed headers. */
export function readParsedResponse(facts: ResponseFacts, headers: Readonly<Record<string, string | string[] | undefined>>): void {
  facts.hint = parseKeepAliveTimeout(headers['keep-alive']);
  facts.close = hasConnectionToken(headers.connection, 'close');
}
