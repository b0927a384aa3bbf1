/**
 * Shared by the dispatcher's tests: a dispatcher for a protocol (trusting the test
 * certificate for https), and one `fetch()` through it with Node's built-in `fetch`.
 */
import type { Dispatcher } from 'undici';
import { KeepAliveDispatcher, type KeepAliveDispatcherOptions } from '../../lib/undici';
import { tlsMaterial } from '../helpers/certs';
import type { Protocol } from '../helpers/server';

export async function makeDispatcher(protocol: Protocol, options: KeepAliveDispatcherOptions = {}): Promise<KeepAliveDispatcher> {
  if (protocol === 'http') return new KeepAliveDispatcher(options);
  return new KeepAliveDispatcher({ ...options, connect: { ca: (await tlsMaterial()).cert, ...options.connect } });
}

export interface Fetched {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** One request with Node's built-in `fetch()` through `dispatcher`; resolves when the whole body was read. */
export async function fetchText(dispatcher: Dispatcher, url: string, init: RequestInit = {}): Promise<Fetched> {
  // Node's fetch() types declare their own Dispatcher (undici-types), which undici's does not match.
  const res = await fetch(url, { ...init, dispatcher } as unknown as RequestInit);
  const body = await res.text();
  return { status: res.status, body, headers: Object.fromEntries(res.headers) };
}
