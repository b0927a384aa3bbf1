/**
 * The exchange as undici ≥ 8's `Client` wants a handler: the controller API (`onRequestStart`,
 * `onResponseStart`, ...), turned into the exchange's older callbacks, with what undici ≥ 8
 * parsed already passed along (no second parse). undici 7 runs the exchange directly.
 * @module
 */
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Exchange } from './exchange';
import { errors } from './peer';

type Controller = Dispatcher.DispatchController;
type Parsed = Record<string, string | string[]>;
type Raw = Buffer[] | string[];

/** A raw header list: undici ≥ 8 keeps it on the controller; a parsed object is turned back into pairs. */
function rawOf(raw: Controller['rawHeaders'], parsed: Parsed): Raw {
  if (Array.isArray(raw)) return raw as Raw;
  const out: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (Array.isArray(value)) for (const v of value) out.push(name, v);
    else out.push(name, value);
  }
  return out;
}

export class ControllerFace {
  readonly #x: Exchange;
  #controller: Controller | null = null;
  readonly #resume = (): void => this.#controller?.resume();

  constructor(x: Exchange) {
    this.#x = x;
  }

  onRequestStart(controller: Controller): void {
    this.#controller = controller;
    this.#x.onConnect((err?: Error) => controller.abort(err ?? new errors.RequestAbortedError()));
  }

  onResponseStarted(): void {
    this.#x.onResponseStarted();
  }

  onResponseStart(controller: Controller, statusCode: number, headers: Parsed, statusText?: string): void {
    this.#controller = controller;
    if (!this.#x.onHeaders(statusCode, rawOf(controller.rawHeaders, headers), this.#resume, statusText ?? '', headers)) controller.pause();
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (!this.#x.onData(chunk)) controller.pause();
  }

  onResponseEnd(controller: Controller, trailers: Parsed): void {
    this.#x.onComplete(rawOf(controller.rawTrailers, trailers), trailers);
  }

  onResponseError(_controller: Controller | null, err: Error): void {
    this.#x.onError(err);
  }

  onRequestUpgrade(controller: Controller, statusCode: number, headers: Parsed, socket: Duplex): void {
    this.#x.onUpgrade(statusCode, rawOf(controller.rawHeaders, headers), socket, headers);
  }

  onBodySent(...args: unknown[]): void {
    this.#x.onBodySent(...args);
  }

  onRequestSent(): void {
    this.#x.onRequestSent();
  }
}
