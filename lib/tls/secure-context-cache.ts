/**
 * One TLS secure context per pool key, as NGINX builds one `SSL_CTX` per `proxy_ssl_*`
 * configuration. Node's `tls.connect()` builds a new secure context for every connection it
 * is not given one for (an OpenSSL context with its ciphers, protocol bounds and trust store:
 * about 200 µs of CPU, measured), which a pool that renews its connections pays on every
 * renewal and Node's agent, which never renews, almost never pays.
 * @module
 */
import * as tls from 'node:tls';
import { LRUCache } from 'lru-cache';

/** Secure contexts kept (least recently used evicted first): one per origin and TLS configuration. */
const MAX_CONTEXTS = 100;

/**
 * The options of `tls.createSecureContext()` that Node's pool key (`https.Agent#getName`) does
 * not hold on every Node line, added to the key: two connections share a context only when
 * every option that shapes it is the same. The large ones (`ca`, `cert`, `key`, `pfx`, `crl`,
 * `dhparam`) are in the pool key itself.
 */
const CONTEXT_OPTIONS = [
  'allowPartialTrustChain',
  'certificateCompression',
  'ciphers',
  'clientCertEngine',
  'ecdhCurve',
  'honorCipherOrder',
  'maxVersion',
  'minVersion',
  'passphrase',
  'privateKeyEngine',
  'privateKeyIdentifier',
  'secureOptions',
  'secureProtocol',
  'sessionIdContext',
  'sessionTimeout',
  'sigalgs',
  'ticketKeys',
] as const;

/**
 * The options Node's pool key holds by their text: a value given in an object form
 * (`pfx: [{ buf, passphrase }]`, `key: [{ pem, passphrase }]`) is written `[object Object]` by
 * Node 20's `getName`, so two connections with different certificates would have one key;
 * such options turn sharing off.
 */
const KEYED_BY_NODE = ['ca', 'cert', 'crl', 'dhparam', 'key', 'pfx'] as const;

/** The `tls.getCACertificates()` of Node >= 22.15 (absent before): the default trust store, one array while it is unchanged. */
const defaultCAs = (tls as { getCACertificates?: (type?: string) => readonly string[] }).getCACertificates;
/** A number per default trust store seen (`tls.setDefaultCACertificates()` makes a new one). */
const storeIds = new WeakMap<object, number>();
let lastStoreId = 0;

/** The connection options as Node's `https.Agent#createSocket` hands them to `createConnection`. */
export interface ContextOptions extends tls.SecureContextOptions {
  /** Node's pool key for these options (`getName()`), set by Node's `createSocket`. */
  _agentKey?: string;
  secureContext?: tls.SecureContext;
}

export class SecureContextCache {
  readonly #contexts = new LRUCache<string, tls.SecureContext>({ max: MAX_CONTEXTS });

  /**
   * Gives `options` the secure context of its pool key (made on first use with
   * `tls.createSecureContext(options)`, as `tls.connect()` would make it), unless the caller
   * gave one or the options are not Node's own for a new socket (no `_agentKey`). When the
   * context cannot be made (a bad certificate, say), `options` is left as it was, so that
   * `tls.connect()` fails the way it does without the pool.
   */
  provide(options: ContextOptions): void {
    if (options.secureContext !== undefined || typeof options._agentKey !== 'string') return;
    const key = contextKey(options);
    if (key === undefined) return;
    let context = this.#contexts.get(key);
    if (context === undefined) {
      context = contextOf(options);
      if (context === undefined) return;
      this.#contexts.set(key, context);
    }
    options.secureContext = context;
  }
}

/** `tls.createSecureContext(options)`, or undefined when it throws (`tls.connect()` will then fail the same way). */
function contextOf(options: tls.SecureContextOptions): tls.SecureContext | undefined {
  try {
    return tls.createSecureContext(options);
  } catch {
    return undefined;
  }
}

/**
 * The pool key, every other option that shapes a context, and the process-wide defaults a
 * context takes for what the options leave out (`tls.DEFAULT_*`, the default trust store: a
 * program may change them at any time, and Node's agent makes every context afresh);
 * undefined when one cannot be written down.
 */
function contextKey(options: ContextOptions): string | undefined {
  let key = options._agentKey!;
  const fields = options as Record<string, unknown>;
  for (const name of KEYED_BY_NODE) if (!writtenByNode(fields[name])) return undefined;
  key += defaultsKey(fields.ca === undefined);
  for (const name of CONTEXT_OPTIONS) {
    const value = fields[name];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') key += `\n${name}=${typeof value}:${value}`;
    else if (Buffer.isBuffer(value)) key += `\n${name}=buffer:${value.toString('hex')}`;
    else return undefined; // an object of another kind: no sharing
  }
  return key;
}

/** The process-wide defaults a context takes (`tls.DEFAULT_*`; the default trust store when `withStore`). */
function defaultsKey(withStore: boolean): string {
  let key = `\ndefaults=${tls.DEFAULT_MIN_VERSION}/${tls.DEFAULT_MAX_VERSION}/${tls.DEFAULT_ECDH_CURVE}/${tls.DEFAULT_CIPHERS}`;
  if (withStore && defaultCAs !== undefined) {
    const store = defaultCAs('default');
    let id = storeIds.get(store);
    if (id === undefined) storeIds.set(store, (id = ++lastStoreId));
    key += `\nstore=${id}`;
  }
  return key;
}

/** A value Node's pool key writes out whole: none, a string, a Buffer, or an array of those. */
function writtenByNode(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'string' || Buffer.isBuffer(value)) return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'string' || Buffer.isBuffer(v));
}

/**
 * The one secure context of a set of TLS options that is the same for every connection (the
 * `connect` option of `KeepAliveDispatcher`): made on first use, unless the options bring a
 * `secureContext` of their own; when it cannot be made, none is given and `tls.connect()`
 * fails as it does without the pool.
 */
export class SharedSecureContext {
  readonly #options: Readonly<Record<string, unknown>>;
  #context: tls.SecureContext | undefined;
  /** The process-wide defaults the context was made with: made again when they change. */
  #defaults = '';

  constructor(options: Readonly<Record<string, unknown>>) {
    this.#options = options;
  }

  /** The context to give a new connection, or undefined (the options' own, or none could be made). */
  get(): tls.SecureContext | undefined {
    if (this.#options.secureContext !== undefined) return undefined;
    const defaults = defaultsKey(this.#options.ca === undefined);
    if (this.#context === undefined || defaults !== this.#defaults) {
      this.#context = contextOf(this.#options as tls.SecureContextOptions);
      this.#defaults = defaults;
    }
    return this.#context;
  }
}
