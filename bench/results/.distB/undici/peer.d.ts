/**
 * The one module that loads the peer dependency `undici` (the subpath `upstream-keepalive/undici`
 * is the only part of the package that needs it). What the rest of the front-end uses of it:
 * its `Client` (one per pooled connection), its `Dispatcher` base class (which carries
 * `request`, `stream`, `pipeline`, `connect`, `upgrade` and `compose`), its errors, and its
 * header parser.
 * @module
 */
import * as undici from 'undici';
export declare const Client: typeof undici.Client, Dispatcher: typeof undici.Dispatcher, errors: typeof undici.errors;
export declare const parseHeaders: typeof undici.util.parseHeaders;
/**
 * undici ≥ 8 hands a `Client` only handlers of the controller API (`onRequestStart`,
 * `onResponseStart`, ...); undici 7 runs the older callbacks (`onConnect`, `onHeaders`, ...)
 * itself and wraps the controller API into them. undici 8 is recognised by the wrapper it
 * exports for older dispatchers (`Dispatcher1Wrapper`).
 */
export declare const CONTROLLER_API_ONLY: boolean;
//# sourceMappingURL=peer.d.ts.map