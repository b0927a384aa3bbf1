/** Builds the agent under test for a protocol: `HttpAgent`, or `HttpsAgent` trusting the test certificate. */
import type { Agent } from 'node:http';
import { HttpAgent, type HttpAgentOptions, HttpsAgent, type HttpsAgentOptions, type KeepAlivePoolAgent } from '../../lib';
import { tlsMaterial } from './certs';
import type { Protocol, TestServer } from './server';

/** Either agent class, as one type (a union of the two classes would make their overloaded `on` uncallable). */
export type AnyAgent = Agent & KeepAlivePoolAgent;

export async function makeAgent(protocol: Protocol, options: HttpAgentOptions & HttpsAgentOptions = {}): Promise<AnyAgent> {
  if (protocol === 'http') return new HttpAgent(options);
  return new HttpsAgent({ ca: (await tlsMaterial()).cert, ...options });
}

/** The origin of a test server as `getStats().origins` keys it. */
export function originKey(server: TestServer): string {
  return new URL(server.url).origin;
}
