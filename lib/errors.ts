/**
 * Typed errors with stable `code`s, in the manner of Node's own `ERR_*` errors and undici's
 * error classes: match on `err.code`, never on the message.
 * @module
 */

/** Codes of every error this package creates. */
export const ErrorCodes = {
  /** An option passed to an agent constructor has the wrong type or is out of range. */
  INVALID_OPTION: 'ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION',
  /** `HttpAgent.fromNginx()` met text it cannot accept (unknown directive, bad value). */
  INVALID_NGINX_CONFIG: 'ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG',
  /** A connection (TCP, and TLS for `HttpsAgent`) was not established within `connectTimeout`. */
  CONNECT_TIMEOUT: 'ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT',
  /** `maxQueuedRequests` requests already wait for a socket of this origin. */
  QUEUE_FULL: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL',
  /** A request waited for a socket longer than `queueTimeout`. */
  QUEUE_TIMEOUT: 'ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT',
  /** The agent was closed (`close()`) before the request got a socket, or the request was made after. */
  AGENT_CLOSED: 'ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED',
} as const;

/** One of {@link ErrorCodes}' values. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Describes a received value for an error message: type and a short rendering. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') {
    const ctor = (value as object).constructor;
    return ctor && ctor.name ? `an instance of ${ctor.name}` : 'an object';
  }
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return `type string (${JSON.stringify(shown)})`;
  }
  return `type ${typeof value} (${String(value)})`;
}

/** An option has the wrong type. `code` is `ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION`. */
export class InvalidOptionTypeError extends TypeError {
  /** The stable error code. */
  readonly code = ErrorCodes.INVALID_OPTION;
  /** The option's name, e.g. `"maxIdleSockets"`. */
  readonly option: string;
  constructor(option: string, expected: string, received: unknown) {
    super(`The "${option}" option must be ${expected}. Received ${describeValue(received)}`);
    this.name = 'TypeError';
    this.option = option;
  }
}

/** An option is of the right type but out of range. `code` is `ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION`. */
export class InvalidOptionRangeError extends RangeError {
  /** The stable error code. */
  readonly code = ErrorCodes.INVALID_OPTION;
  /** The option's name, e.g. `"limitJitter"`. */
  readonly option: string;
  constructor(option: string, expected: string, received: unknown) {
    super(`The value of "${option}" is out of range. It must be ${expected}. Received ${describeValue(received)}`);
    this.name = 'RangeError';
    this.option = option;
  }
}

/**
 * An option name is a near miss of one of ours (a typo such as `idleTimout`, or a case
 * difference such as `maxidlesockets`): almost certainly a mistake that would otherwise run
 * silently with the default. `code` is `ERR_UPSTREAM_KEEPALIVE_INVALID_OPTION`.
 */
export class UnknownOptionError extends TypeError {
  /** The stable error code. */
  readonly code = ErrorCodes.INVALID_OPTION;
  /** The option name as given, e.g. `"idleTimout"`. */
  readonly option: string;
  /** The option it is a near miss of, e.g. `"idleTimeout"`. */
  readonly suggestion: string;
  constructor(option: string, suggestion: string) {
    super(`Unknown option "${option}". Did you mean "${suggestion}"?`);
    this.name = 'TypeError';
    this.option = option;
    this.suggestion = suggestion;
  }
}

/**
 * `HttpAgent.fromNginx()` could not accept its text. `code` is
 * `ERR_UPSTREAM_KEEPALIVE_INVALID_NGINX_CONFIG`; `line` is 1-based.
 */
export class NginxConfigError extends SyntaxError {
  /** The stable error code. */
  readonly code = ErrorCodes.INVALID_NGINX_CONFIG;
  /** 1-based line of the offending directive in the text given. */
  readonly line: number;
  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = 'SyntaxError';
    this.line = line;
  }
}

/**
 * A connection (TCP connect, and the TLS handshake for `HttpsAgent`) was not established
 * within `connectTimeout`. Delivered as the request's `'error'` event.
 * `code` is `ERR_UPSTREAM_KEEPALIVE_CONNECT_TIMEOUT`.
 */
export class ConnectTimeoutError extends Error {
  /** The stable error code. */
  readonly code = ErrorCodes.CONNECT_TIMEOUT;
  /** The pool key of the origin. */
  /** The origin, `scheme://host:port`. */
  readonly origin: string;
  /** The timeout that ran out (ms). */
  readonly timeout: number;
  constructor(origin: string, timeout: number, tls: boolean) {
    super(`Connect timeout: no ${tls ? 'TLS ' : ''}connection to ${origin} within ${timeout} ms`);
    this.name = 'ConnectTimeoutError';
    this.origin = origin;
    this.timeout = timeout;
  }
}

/**
 * `maxQueuedRequests` requests already wait for a socket of this origin: the request fails at
 * once, before anything is sent. `code` is `ERR_UPSTREAM_KEEPALIVE_QUEUE_FULL`.
 */
export class QueueFullError extends Error {
  /** The stable error code. */
  readonly code = ErrorCodes.QUEUE_FULL;
  /** The origin, `scheme://host:port`. */
  readonly origin: string;
  /** The bound that was reached. */
  readonly maxQueuedRequests: number;
  constructor(origin: string, maxQueuedRequests: number) {
    super(`Queue full: ${maxQueuedRequests} requests already wait for a connection to ${origin}`);
    this.name = 'QueueFullError';
    this.origin = origin;
    this.maxQueuedRequests = maxQueuedRequests;
  }
}

/**
 * A request waited for a socket longer than `queueTimeout`; nothing was sent.
 * `code` is `ERR_UPSTREAM_KEEPALIVE_QUEUE_TIMEOUT`.
 */
export class QueueTimeoutError extends Error {
  /** The stable error code. */
  readonly code = ErrorCodes.QUEUE_TIMEOUT;
  /** The origin, `scheme://host:port`. */
  readonly origin: string;
  /** The timeout that ran out (ms). */
  readonly timeout: number;
  constructor(origin: string, timeout: number) {
    super(`Queue timeout: no connection to ${origin} became free within ${timeout} ms`);
    this.name = 'QueueTimeoutError';
    this.origin = origin;
    this.timeout = timeout;
  }
}

/**
 * The agent was closed: a queued request is failed by `close()`, and a request made after
 * `close()` fails at once. Nothing was sent. `code` is `ERR_UPSTREAM_KEEPALIVE_AGENT_CLOSED`.
 */
export class AgentClosedError extends Error {
  /** The stable error code. */
  readonly code = ErrorCodes.AGENT_CLOSED;
  constructor() {
    super('The agent is closed: the request was not sent');
    this.name = 'AgentClosedError';
  }
}
