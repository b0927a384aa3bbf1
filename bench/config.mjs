// The bench's options, scenarios and contenders (used by bench/run.mjs; see bench/README.md).
//
// Options:
//   --quick                 short runs (2 rounds, 0.7 s warm-up + 1 s windows; short-keepalive: 1 round, 2 gaps;
//                           overhead: 12 batches of 1,000)
//   --runs N                rounds per scenario (default 3, quick 2)
//   --scenarios a,b         among the SCENARIOS below, `overhead` and `fetch` (default: all)
//   --contenders a,b        among: none, node, agentkeepalive, ours, nginx (default: all found)
//   --connections N         concurrent clients (default 32)
//   --measure-ms N          measured window per run (default 4000, quick 1000)
//   --warmup-ms N           warm-up before it (default 1000, quick 700)
//   --warmup-max-ms N       the warm-up then goes on until every connection has had about one
//                           request limit of requests (the first renewal wave), at most N ms in
//                           all (default 12000, quick 4000; 0: warm-up-ms only)
//   --gaps-ms a,b,c         idle gaps of the short-keepalive scenario (default 4975,4985,4990,4995,5000;
//                           quick 4985,4995)
//   --burst-runs N          rounds of the short-keepalive scenario (default 3, quick 1)
//   --overhead-batches N    batches per agent of the overhead step (default 40, quick 12)
//   --fetch-batches N       batches per contender of the fetch step (default 16, quick 6)
//   --turns-batches N       batches per contender of the proxy-turns step (default 20, quick 6)
//   --profile               write CPU profiles (--cpu-prof) of the Node proxies to bench/results/profiles/
//   --no-settle             do not wait for a quiet machine before each run (--settle: do, in --quick)
//   --no-render             do not draw charts / write docs/benchmarks.md
//   --docs                  also write docs/benchmarks.md from a --quick run (a full run always does)
import { WIDE_SPREAD } from './stats.mjs';

/** Reads the command line. `defaultMaxRequestsPerSocket`: the package's default, from the build. */
export function parseOptions(argv, { defaultMaxRequestsPerSocket }) {
  const flag = (name) => argv.includes(`--${name}`);
  const value = (name) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = flag('quick');
  const settings = {
    mode: quick ? 'quick' : 'full',
    runs: Number(value('runs') ?? (quick ? 2 : 3)),
    connections: Number(value('connections') ?? 32),
    warmupMs: Number(value('warmup-ms') ?? (quick ? 700 : 1000)),
    measureMs: Number(value('measure-ms') ?? (quick ? 1000 : 4000)),
    warmupMaxMs: Number(value('warmup-max-ms') ?? (quick ? 4000 : 12_000)),
    // The short-keepalive scenario: bursts separated by idle gaps just under the backend's 5 s
    // keepalive timeout (Node's default), where a pooled connection races the server's close. The
    // upstream connections go idle over the last milliseconds of a burst, before the gap is
    // counted from the burst's end, so the gaps sweep a few ms to tens of ms below 5000 ms.
    burstRequests: quick ? 300 : 500,
    gapsMs: value('gaps-ms')?.split(',').map(Number) ?? (quick ? [4985, 4995] : [4975, 4985, 4990, 4995, 5000]),
    burstRuns: Number(value('burst-runs') ?? (quick ? 1 : 3)),
    burstSlotMs: quick ? 600 : 900,
    // The HTTPS backend closes a connection after this many requests (as an NGINX or Node
    // backend with a request limit does), so every run opens new upstream connections whose TLS
    // handshakes can resume a session.
    httpsBackendRequestsPerSocket: 100,
    // The https-renew scenario: our agent renews its connections after this many requests
    // (maxRequestsPerSocket), NGINX likewise (keepalive_requests); the backend never closes.
    renewEvery: 100,
    overheadBatches: Number(value('overhead-batches') ?? (quick ? 12 : 40)),
    overheadRequests: quick ? 1000 : 2000,
    fetchBatches: Number(value('fetch-batches') ?? (quick ? 6 : 16)),
    fetchRequests: quick ? 1000 : 2000,
    fetchGaps: quick ? 2 : 4,
    turnsBatches: Number(value('turns-batches') ?? (quick ? 6 : 20)),
    turnsBatchMs: quick ? 500 : 1000,
    bodyBytes: 128,
    profile: flag('profile'),
    // Before each run, wait (up to 10 s; 90 s in all) for the machine to be under 10 % busy (full
    // runs; --settle for quick ones, --no-settle to skip).
    settle: flag('settle') || (!quick && !flag('no-settle')),
    agentMaxRequestsPerSocket: defaultMaxRequestsPerSocket,
    wideSpread: WIDE_SPREAD,
  };
  return {
    quick,
    settings,
    flag,
    scenarios: value('scenarios')?.split(','),
    contenders: value('contenders')?.split(','),
  };
}

/**
 * The scenarios, in the order they run and are reported. `helper`: the proxy installs the
 * package's onProxyRes listener (for every contender); `agentOptions`: options of a contender's
 * agent (every other option at its default); `only`: the contenders that take part (default all).
 */
export function scenariosOf(settings) {
  const longKeepAlive = { keepAliveTimeout: 65_000 };
  return {
    direct: {
      title: 'Direct: a client using the agent, no proxy',
      driver: 'client',
      backend: longKeepAlive,
    },
    proxy: {
      title: 'Through plain http-proxy, no helper, every option at its default (clients keep their connections alive)',
      driver: 'autocannon',
      helper: false,
      backend: longKeepAlive,
    },
    'proxy-helper': {
      title: "Through http-proxy with the package's onProxyRes helper installed (clients keep their connections alive)",
      driver: 'autocannon',
      helper: true,
      // The helper is a listener of http-proxy: NGINX has no part in it, and without an agent it
      // only strips the upstream's Connection: close.
      only: ['node', 'agentkeepalive', 'ours'],
      backend: longKeepAlive,
    },
    close: {
      title: 'Through the proxy (with the helper), clients send Connection: close',
      driver: 'close',
      helper: true,
      backend: longKeepAlive,
    },
    https: {
      title: `Through the proxy (with the helper) to an HTTPS backend (closes each connection after ${settings.httpsBackendRequestsPerSocket} requests)`,
      driver: 'autocannon',
      helper: true,
      backend: { ...longKeepAlive, tls: true, maxRequestsPerSocket: settings.httpsBackendRequestsPerSocket },
    },
    'https-renew': {
      title:
        `Through plain http-proxy to an HTTPS backend, ours renewing its connections every ${settings.renewEvery} requests ` +
        `(maxRequestsPerSocket: ${settings.renewEvery}; NGINX keepalive_requests ${settings.renewEvery}; Node's agent and agentkeepalive never renew)`,
      driver: 'autocannon',
      helper: false,
      agentOptions: { ours: { maxRequestsPerSocket: settings.renewEvery } },
      nginx: { keepaliveRequests: settings.renewEvery },
      renewEvery: settings.renewEvery,
      backend: { ...longKeepAlive, tls: true },
    },
    'short-keepalive': {
      title: `Through the proxy (with the helper) to a backend with a 5 s keepalive timeout, idle gaps of ${settings.gapsMs.join(' / ')} ms`,
      driver: 'bursts',
      helper: true,
      parallel: true,
      // The backend hints `Keep-Alive: timeout=5` and closes an idle connection exactly 5 s after
      // its last response (see bench/backend.mjs for why not Node 20's own timer, which waits 6 s).
      backend: { keepAliveTimeout: 5000, strictIdleMs: 5000 },
    },
  };
}

/**
 * Steps that are not a scenario of the interleaved rounds: the in-process overhead measurement
 * (bench/overhead.mjs), the fetch() / undici.request dispatchers (bench/fetch.mjs) and the
 * headline proxy in batches taken in turn (bench/proxy-turns.mjs).
 */
export const STEPS = ['overhead', 'fetch', 'proxy-turns'];
/** The default order: the overhead and fetch steps right after the direct scenario, proxy-turns right after proxy. */
export function defaultOrder(scenarios) {
  const names = Object.keys(scenarios);
  const order = [names[0], 'overhead', 'fetch'];
  for (const n of names.slice(1)) order.push(n, ...(n === 'proxy' ? ['proxy-turns'] : []));
  return order;
}

export const CONTENDERS = {
  none: 'no agent (a new upstream connection per request; http-proxy without an agent)',
  node: "Node's http.Agent, keepAlive: true",
  agentkeepalive: 'agentkeepalive 4.6 (defaults)',
  ours: 'upstream-keepalive (defaults)',
  nginx: 'NGINX, keepalive 32',
};
