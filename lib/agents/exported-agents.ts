/**
 * The agent classes as the package exports them: callable without `new`, as Node's
 * `http.Agent` and `https.Agent` are (see `call-without-new.ts`).
 * @module
 */
import { callableWithoutNew } from './call-without-new';
import { HttpAgent as HttpAgentClass } from './http-agent';
import { HttpsAgent as HttpsAgentClass } from './https-agent';

/**
 * A drop-in `http.Agent` with NGINX's upstream keepalive semantics (see the class's own
 * documentation). Like Node's, it may also be called without `new`.
 */
export const HttpAgent: typeof HttpAgentClass = callableWithoutNew(HttpAgentClass);
export type HttpAgent = HttpAgentClass;

/**
 * A drop-in `https.Agent` with NGINX's upstream keepalive semantics and TLS session reuse (see
 * the class's own documentation). Like Node's, it may also be called without `new`.
 */
export const HttpsAgent: typeof HttpsAgentClass = callableWithoutNew(HttpsAgentClass);
export type HttpsAgent = HttpsAgentClass;
