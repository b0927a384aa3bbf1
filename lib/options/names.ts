import { UnknownOptionError } from '../errors';
import { ALL_OPTION_NAMES } from './spec';

/**
 * Our option names, the ones a near miss is measured against: those of both agents, so that
 * a misspelt `maxCachedSessions` given to an `HttpAgent` (say, options shared by both agents)
 * is reported too.
 */
const OUR_NAMES: readonly string[] = [...ALL_OPTION_NAMES, 'upstreams'];

/**
 * Names that Node's agents, `net.connect` and `tls.connect` read from the agent's options
 * (Node copies `agent.options` into every connect call). A key spelt exactly like one of
 * these is never reported, however close it is to one of ours.
 */
const NODE_NAMES: ReadonlySet<string> = new Set([
  // http.Agent / https.Agent
  'keepAlive', 'keepAliveMsecs', 'maxSockets', 'maxTotalSockets', 'maxFreeSockets', 'scheduling', 'timeout',
  'agentKeepAliveTimeoutBuffer', 'proxyEnv', 'defaultPort', 'protocol', 'maxCachedSessions', 'servername',
  // net.connect
  'host', 'hostname', 'port', 'path', 'socketPath', 'localAddress', 'localPort', 'family', 'hints', 'lookup',
  'autoSelectFamily', 'autoSelectFamilyAttemptTimeout', 'noDelay', 'keepAliveInitialDelay', 'signal', 'onread',
  'fd', 'allowHalfOpen', 'readable', 'writable', 'blockList', 'highWaterMark',
  // tls.connect / tls.createSecureContext
  'ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'checkServerIdentity', 'session',
  'minVersion', 'maxVersion', 'ciphers', 'ecdhCurve', 'secureOptions', 'secureProtocol', 'sigalgs',
  'ALPNProtocols', 'ALPNCallback', 'requestCert', 'crl', 'dhparam', 'honorCipherOrder', 'privateKeyEngine',
  'privateKeyIdentifier', 'sessionIdContext', 'ticketKeys', 'clientCertEngine', 'enableTrace', 'secureContext',
  'pskCallback', 'requestOCSP', 'minDHSize', 'sessionTimeout', 'SNICallback', 'allowPartialTrustChain',
]);

/** Levenshtein distance, stopping early once it exceeds `max` (returns `max + 1` then). */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The option of ours that `key` is a near miss of, if any: the same name in another case, or
 * (for names of 8 characters or more) at most 2 edits away, or 1 edit for shorter ones. Keys
 * that are ours or that Node, `net` or `tls` use are never near misses. `alsoOurs`: names that
 * are Node's on the agents but a front-end's own (the dispatcher's `maxSockets`).
 */
export function nearMissOf(key: string, alsoOurs: readonly string[] = []): string | undefined {
  if (NODE_NAMES.has(key) || OUR_NAMES.includes(key) || alsoOurs.includes(key)) return undefined;
  const lower = key.toLowerCase();
  let found: string | undefined;
  let foundDistance = Infinity;
  for (const name of alsoOurs.length === 0 ? OUR_NAMES : [...OUR_NAMES, ...alsoOurs]) {
    if (name.toLowerCase() === lower) return name;
    const max = name.length >= 8 ? 2 : 1;
    const d = editDistance(lower, name.toLowerCase(), max);
    if (d <= max && d < foundDistance) {
      found = name;
      foundDistance = d;
    }
  }
  return found;
}

/**
 * Throws an {@link UnknownOptionError} ("did you mean ...?") for the first key of `given`
 * that is a near miss of one of our option names. Every other unknown key passes through,
 * as with Node's agent, which hands them to `net.connect` / `tls.connect`.
 */
export function checkNearMisses(given: Readonly<Record<string, unknown>>, alsoOurs: readonly string[] = []): void {
  for (const key of Object.keys(given)) {
    const suggestion = nearMissOf(key, alsoOurs);
    if (suggestion !== undefined) throw new UnknownOptionError(key, suggestion);
  }
}
