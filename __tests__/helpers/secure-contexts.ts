/** Counts `tls.createSecureContext()` calls (what `tls.connect()` calls when it is given no context) while `run` runs. */
import tls from 'node:tls';

export async function countSecureContexts(run: () => Promise<void>): Promise<number> {
  const original = tls.createSecureContext;
  let calls = 0;
  tls.createSecureContext = (options) => {
    calls++;
    return original(options);
  };
  try {
    await run();
  } finally {
    tls.createSecureContext = original;
  }
  return calls;
}
