/**
 * The exchange as undici ≥ 8's `Client` wants a handler: the controller API (`onRequestStart`,
 * `onResponseStart`, ...), turned into the exchange's older callbacks, with what undici ≥ 8
 * parsed already passed along (no second parse). undici 7 runs the exchange directly.
 * @module
 */
import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Exchange } from './exchange';
type Controller = Dispatcher.DispatchController;
type Parsed = Record<string, string | string[]>;
export declare class ControllerFace {
    #private;
    constructor(x: Exchange);
    onRequestStart(controller: Controller): void;
    onResponseStarted(): void;
    onResponseStart(controller: Controller, statusCode: number, headers: Parsed, statusText?: string): void;
    onResponseData(controller: Controller, chunk: Buffer): void;
    onResponseEnd(controller: Controller, trailers: Parsed): void;
    onResponseError(_controller: Controller | null, err: Error): void;
    onRequestUpgrade(controller: Controller, statusCode: number, headers: Parsed, socket: Duplex): void;
    onBodySent(...args: unknown[]): void;
    onRequestSent(): void;
}
export {};
//# sourceMappingURL=controller-face.d.ts.map