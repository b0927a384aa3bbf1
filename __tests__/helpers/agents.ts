/** Builds the agent under test for a protocol: `HttpAgent`, or `HttpsAgent` trusting the test certificate. */
import { HttpAgent, type HttpAgentOptions, HttpsAgent, type HttpsAgentOptions } from '../../lib';
import { tlsMaterial } from './certs';
import type { Protocol, TestServer } from './server';

export type AnyAgent = HttpAgent | HttpsAgent;

export async function makeAgent(protocol: Protocol, options: HttpAgentOptions & HttpsAgentOptions = {}): Promise<AnyAgent> {
  if (protocol === 'http') return new HttpAgent(options);
  return new HttpsAgent({ ca: (await tlsMaterial()).cert, ...options });
}

/** The origin of a test server as `getStats().origins` keys it. */
export function originKey(server: TestServer): string {
  return new URL(server.url).origin;
}
