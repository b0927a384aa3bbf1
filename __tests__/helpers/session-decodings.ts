/** Counts the TLS handles' `setSession` calls (each a native decoding of a session) while `run` runs. */
import tls from 'node:tls';

export async function countSessionDecodings(run: () => Promise<void>): Promise<number> {
  const probe = new tls.TLSSocket(null as never);
  const proto = Object.getPrototypeOf((probe as unknown as { _handle: object })._handle) as { setSession(session: Buffer): void };
  probe.destroy();
  const original = proto.setSession;
  let calls = 0;
  proto.setSession = function (this: unknown, session: Buffer) {
    calls++;
    return original.call(this, session);
  };
  try {
    await run();
  } finally {
    proto.setSession = original;
  }
  return calls;
}
