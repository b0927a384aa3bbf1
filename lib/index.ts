export { HttpAgent } from './http-agent';
export { HttpsAgent, type HttpsAgentOptions } from './https-agent';
export type { HttpAgentOptions, KeepAlivePoolOptions, ResolvedPoolOptions } from './options';
export { DEFAULT_POOL_OPTIONS } from './options';
export type { AgentStats, OriginStats, OriginCounters } from './stats';
export type { SocketInfo } from './pool';
export { CLOSE_REASONS, type CloseReason, type CloseReasonCounts } from './close-reasons';
export {
  ErrorCodes,
  type ErrorCode,
  InvalidOptionTypeError,
  InvalidOptionRangeError,
  UnknownOptionError,
  NginxConfigError,
  ConnectTimeoutError,
  QueueFullError,
  QueueTimeoutError,
  AgentClosedError,
} from './errors';
export { parseNginxKeepalive, parseNginxTime, type NginxKeepaliveOptions } from './nginx';
export {
  CHANNEL_NAMES,
  type SocketCreatedMessage,
  type SocketReusedMessage,
  type SocketClosedMessage,
  type RequestQueuedMessage,
  type RequestDequeuedMessage,
  type RequestRejectedMessage,
} from './diagnostics';
export type {
  AgentEvents,
  AgentListeners,
  CloseOptions,
  EventArgs,
  HttpAgentEvents,
  HttpsAgentEvents,
  KeepAlivePoolAgent,
  NodeAgentEvents,
  NodeHttpsAgentEvents,
  PoolEvents,
} from './agent-surface';
export { HOP_BY_HOP_HEADERS, onProxyRes, stripHopByHopHeaders, type HopByHopOptions, type HeaderRecord, type HeaderValue } from './hop-by-hop';
export { isRetryableReuseError } from './retry';
export { trackNodeFetch, withNodeFetchReuseRetry, type NodeFetchAgentOption, type NodeFetchTracker, type NodeFetchInitLike } from './node-fetch-retry';
