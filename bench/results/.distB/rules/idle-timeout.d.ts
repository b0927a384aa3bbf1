/**
 * The idle timeout in force for one idle period of a connection: the contract's rule 5.
 * @module
 */
import type { CloseReason } from './close-reasons';
/**
 * The smallest of the pool's `idleTimeout`, the server's `Keep-Alive: timeout=N` hint (seconds)
 * minus `hintBuffer` (ms), Node's `timeout` when set (> 0), and the connection's remaining
 * lifetime. Zero or less: the connection must not be pooled.
 */
export declare function effectiveIdleTimeout(idleTimeout: number, hintSeconds: number | undefined, hintBuffer: number, nodeTimeout: number, remainingLifetime: number): number;
/** The close reason of an idle period that ends by timing out after `ms`. */
export declare function idleTimeoutReason(ms: number, remainingLifetime: number): CloseReason;
//# sourceMappingURL=idle-timeout.d.ts.map