// Node's built-in fetch() (and undici's request()) with KeepAliveDispatcher, from
// upstream-keepalive/undici: pass it as `dispatcher`, or install it as the global dispatcher.
//
//   npm run build && node examples/fetch/fetch.mjs [--https]
//
// Prints one JSON line: what the loopback backend saw and the dispatcher's getStats(), for
//   pooled        200 fetches at concurrency 10, each sent with `Connection: close` (stripped)
//   requestLimit  the same with maxRequestsPerSocket: 7, limitJitter: 0
//   errors        a full queue, a queue timeout, and (HTTPS) a TLS handshake that never ends:
//                 fetch() rejects with TypeError('fetch failed'), whose `cause` is the
//                 dispatcher's error (QueueFullError, QueueTimeoutError, ConnectTimeoutError)
//   sequential    20 fetches one after another: one connection
//   global        setGlobalDispatcher(new KeepAliveDispatcher()): plain fetch(url) uses it
//   undiciRequest undici's request() with { dispatcher }
//   closeInFlight close() with 5 fetches in flight: every one completes, then close() resolves
// and then the process exits by itself (nothing keeps it alive: no process.exit here).
//
// Read (or cancel) every response body: the connection goes back to the pool when the
// response has been read to its end.
import { getGlobalDispatcher, request, setGlobalDispatcher } from 'undici';
import { KeepAliveDispatcher } from '../../dist/esm/undici.mjs';
import { compactStats, parseArgs, runScenarios, selfSignedCert, startBackend } from '../_shared/loopback.mjs';

const { protocol } = parseArgs();
const ca = protocol === 'https' ? (await selfSignedCert()).cert : undefined;

/** The dispatcher for this run: TLS options (the test CA) go in `connect`, as with undici's Agent. */
const makeDispatcher = (options = {}) => {
  const { ca: _ca, ...rest } = options;
  return new KeepAliveDispatcher({ ...rest, connect: ca ? { ca } : undefined });
};

/** One fetch() through `dispatcher`, body read; a failure rejects with the dispatcher's error (fetch's `cause`). */
async function get(url, dispatcher, headers = {}) {
  let res;
  try {
    res = await fetch(url, { dispatcher, headers });
  } catch (err) {
    throw err.cause ?? err;
  }
  return res.text();
}

const result = await runScenarios({
  client: 'fetch',
  protocol,
  makeAgent: makeDispatcher,
  connect: ({ agent, target }) => ({ send: (path, headers) => get(target + path, agent, headers) }),
});

// Sequential fetches: one connection.
{
  const backend = await startBackend({ protocol });
  const dispatcher = makeDispatcher();
  for (let i = 0; i < 20; i++) await get(`${backend.url}/${i}`, dispatcher);
  result.sequential = { server: backend.summary(), stats: compactStats(dispatcher.getStats()) };
  await dispatcher.close();
  await backend.close();
}

// The global dispatcher: plain fetch(url), no option.
{
  const backend = await startBackend({ protocol });
  const previous = getGlobalDispatcher();
  const dispatcher = makeDispatcher();
  setGlobalDispatcher(dispatcher);
  try {
    for (let i = 0; i < 10; i++) await (await fetch(`${backend.url}/${i}`)).text();
  } finally {
    setGlobalDispatcher(previous);
  }
  result.global = { server: backend.summary(), stats: compactStats(dispatcher.getStats()) };
  await dispatcher.close();
  await backend.close();
}

// undici's own request() through the same kind of pool.
{
  const backend = await startBackend({ protocol });
  const dispatcher = makeDispatcher();
  const statuses = [];
  for (let i = 0; i < 5; i++) {
    const { statusCode, body } = await request(`${backend.url}/${i}`, { dispatcher });
    await body.text();
    statuses.push(statusCode);
  }
  result.undiciRequest = { statuses, server: backend.summary(), stats: compactStats(dispatcher.getStats()) };
  await dispatcher.close();
  await backend.close();
}

// close() with fetches in flight: they complete, then close() resolves.
{
  const backend = await startBackend({ protocol, slowMs: 200 });
  const dispatcher = makeDispatcher();
  const order = [];
  const inFlight = Array.from({ length: 5 }, (_, i) => get(`${backend.url}/slow/${i}`, dispatcher).then((body) => order.push(`response:${body}`)));
  await new Promise((resolve) => setTimeout(resolve, 50)); // the requests are on the wire
  const closing = dispatcher.close().then(() => order.push('closed'));
  let refused = null;
  try {
    await get(`${backend.url}/after-close`, dispatcher);
  } catch (err) {
    refused = { name: err.name, code: err.code };
  }
  await Promise.all([...inFlight, closing]);
  result.closeInFlight = { order, refusedAfterClose: refused, server: backend.summary(), stats: compactStats(dispatcher.getStats()) };
  await backend.close();
}

console.log(JSON.stringify(result));
