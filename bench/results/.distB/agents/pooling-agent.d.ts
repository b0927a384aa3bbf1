import type { Agent } from 'node:http';
import type { KeepAlivePoolAgent } from './agent-surface';
import { type OptionSet } from '../options/spec';
/** The key of an agent's pool (not exported from the package: the pool is not API). */
export declare const kPool: unique symbol;
/**
 * A constructor of Node's `http.Agent` or a subclass (`https.Agent`). TypeScript requires a
 * mixin's base constructor to take `...args: any[]`; nothing else in the package uses `any`.
 */
export type AgentConstructor = new (...args: any[]) => Agent;
/**
 * Adds the NGINX upstream keepalive rules to an agent class through Node's own hooks.
 * `HttpAgent` and `HttpsAgent` are both built with it, so the rules exist once
 * (in {@link KeepAlivePool}) and both classes stay real subclasses of Node's agents.
 */
export declare function withKeepAlivePool<TBase extends AgentConstructor>(Base: TBase, optionSet?: OptionSet): TBase & (new (...args: any[]) => KeepAlivePoolAgent);
//# sourceMappingURL=pooling-agent.d.ts.map