/**
 * Watching an idle socket for stray bytes, where Node's agent does not do it itself (before
 * Node 22.23; see `NODE_GUARDS_FREE_SOCKETS`): bytes that arrive on a pooled connection make it
 * stale (NGINX's `MSG_PEEK` check before reuse), and it is closed at once.
 *
 * The watch sits on the socket's handle, where Node 22.23's agent guards its free sockets: the
 * handle's `onread` (Node's `onStreamRead`, which the handle calls with what it read) is wrapped
 * once, when the connection first goes idle, and given back when the connection closes. The
 * wrapper hands every read to Node's own callback first, so the stream sees exactly what it saw
 * before (data, an EOF, an error), then, if the connection is idle and bytes came in, reports
 * it. Going idle and leaving the pool only flip a field: a `'data'` listener added and removed
 * on every request cost about 2,200 instructions a request on Node 20 (callgrind), and swapping
 * `onread` on every request (a C++ accessor) most of that too. A socket that is not flowing, or
 * has no such handle, gets a `'data'` listener instead. Node's `onread` field is pinned by
 * `__tests__/node-internals.test.ts`.
 * @module
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';

/** A stream handle's read callback (Node's `onStreamRead`), called with the handle as `this`. */
type OnRead = (this: ReadHandle, buffer?: ArrayBuffer) => unknown;

/** The part of a socket's handle (`TCP`, `TLSWrap`) the watch wraps: its read callback. */
interface ReadHandle {
  onread: OnRead;
}

interface HandledSocket extends Socket {
  _handle?: ReadHandle | null;
}

const addListener = EventEmitter.prototype.on;
const readableOn = Readable.prototype.on;

export class IdleWatch {
  readonly #socket: HandledSocket;
  /** Called when bytes arrived while watched. */
  readonly #onBytes: () => void;
  /** The handle wrapped, its own callback, and the wrapper (once per connection). */
  #handle: ReadHandle | undefined;
  #original: OnRead | undefined;
  #wrapper: OnRead | undefined;
  /** Watching now, and `socket.bytesRead` when the watch started. */
  #watching = false;
  #bytesRead = 0;
  /** Watching through a `'data'` listener (a socket whose handle is not wrapped). */
  #listening = false;

  constructor(socket: Socket, onBytes: () => void) {
    this.#socket = socket as HandledSocket;
    this.#onBytes = onBytes;
  }

  /** The connection is idle (`bytesRead`: the socket's count now): bytes from now on make it stale. */
  start(bytesRead: number): void {
    this.#bytesRead = bytesRead;
    if (this.#handle !== undefined || this.#wrap()) {
      this.#watching = true;
      return;
    }
    if (this.#listening) return;
    this.#listening = true;
    const socket = this.#socket;
    // A flowing socket needs only the listener: `Readable#on('data')` would also schedule a
    // `resume()` (a tick and a read). Any other socket gets `on('data')`, with what Readable does.
    if (socket.readableFlowing === true && socket.on === readableOn) addListener.call(socket, 'data', this.#onData);
    else socket.on('data', this.#onData);
  }

  /** The connection leaves the pool. */
  stop(): void {
    this.#watching = false;
    if (this.#listening) {
      this.#listening = false;
      this.#socket.removeListener('data', this.#onData);
    }
  }

  /** The connection is closed (or taken over): the handle gets its own callback back. */
  detach(): void {
    this.stop();
    const handle = this.#handle;
    if (handle !== undefined && handle.onread === this.#wrapper) handle.onread = this.#original!;
    this.#handle = undefined;
  }

  /** Wraps the handle's read callback, if the socket is flowing and has one. */
  #wrap(): boolean {
    const socket = this.#socket;
    const handle = socket._handle;
    if (socket.readableFlowing !== true || handle == null) return false;
    const original = handle.onread;
    if (typeof original !== 'function') return false;
    const watch = this;
    const wrapper = function idleReadGuard(this: ReadHandle, buffer?: ArrayBuffer): unknown {
      const result = original.call(this, buffer);
      // Bytes (not an EOF, an error or nothing) while idle: stale.
      if (watch.#watching && watch.#socket.bytesRead !== watch.#bytesRead) watch.#onBytes();
      return result;
    };
    handle.onread = wrapper;
    this.#handle = handle;
    this.#original = original;
    this.#wrapper = wrapper;
    return true;
  }

  readonly #onData = (): void => {
    if (this.#listening) this.#onBytes();
  };
}
