export { HttpAgent, HttpsAgent } from './agents/exported-agents';
export type { HttpsAgentOptions } from './agents/https-agent';
export type { HttpAgentOptions, KeepAlivePoolOptions, ResolvedPoolOptions, UpstreamsPoolOptions } from './options/options';
export { DEFAULT_POOL_OPTIONS } from './options/spec';
export { isUpstreamKeepaliveError, type UpstreamKeepaliveError } from './errors';
export type { AgentStats, OriginStats, OriginCounters } from './observability/stats';
export type { SocketInfo } from './node-agent/socket-info';
export { CLOSE_REASONS, type CloseReason, type CloseReasonCounts } from './rules/close-reasons';
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
  NoLiveUpstreamError,
  type UpstreamAttemptFailure,
} from './errors';
export { parseNginxKeepalive, parseNginxTime, type NginxKeepaliveOptions } from './options/nginx';
export {
  CHANNEL_NAMES,
  type FrontEnd,
  type SocketCreatedMessage,
  type SocketReusedMessage,
  type SocketClosedMessage,
  type RequestQueuedMessage,
  type RequestDequeuedMessage,
  type RequestRejectedMessage,
} from './observability/diagnostics';
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
} from './agents/agent-surface';
export { HOP_BY_HOP_HEADERS, onProxyRes, stripHopByHopHeaders, type HopByHopOptions, type HeaderRecord, type HeaderValue } from './http/hop-by-hop';
export { isRetryableReuseError } from './http/retry';
export { trackNodeFetch, withNodeFetchReuseRetry, type NodeFetchAgentOption, type NodeFetchTracker, type NodeFetchInitLike } from './http/node-fetch-retry';
export type {
  UpstreamsOptions,
  UpstreamGroupOptions,
  UpstreamServerOptions,
  UpstreamBalance,
  UpstreamRequest,
} from './upstreams/options';
export type {
  UpstreamGroupStats,
  UpstreamGroupSnapshot,
  UpstreamPeerStats,
  UpstreamPeerState,
  UpstreamStateChange,
  UpstreamResolveStats,
  UpstreamResolveFailure,
} from './upstreams/stats';
export { parseNginxUpstreams, type NginxUpstreamConfig, type NginxUpstreamBlock } from './upstreams/nginx-upstream';
