export { KeepAliveDispatcher, type UndiciDispatcherEvents, type PoolListener, type UndiciListener } from './dispatcher';
export type { KeepAliveDispatcherOptions, ResolvedDispatcherOptions, ClientPassThroughOptions } from './options';
export type { DispatcherPoolEvents, DispatcherSocketCreatedMessage, DispatcherSocketReusedMessage, DispatcherSocketClosedMessage, DispatcherRequestQueuedMessage, DispatcherRequestDequeuedMessage, DispatcherRequestRejectedMessage, } from './messages';
export type { AgentStats, OriginStats, OriginCounters, WarmCounters } from '../observability/stats';
export type { KeepAlivePoolOptions, DispatcherSocketOptions } from '../options/options';
export { CLOSE_REASONS, type CloseReason, type CloseReasonCounts } from '../rules/close-reasons';
export { CHANNEL_NAMES, type FrontEnd } from '../observability/diagnostics';
export { isRetryableReuseError } from '../http/retry';
export { parseNginxKeepalive, parseNginxTime, type NginxKeepaliveOptions } from '../options/nginx';
export { ErrorCodes, type ErrorCode, isUpstreamKeepaliveError, type UpstreamKeepaliveError, InvalidOptionTypeError, InvalidOptionRangeError, UnknownOptionError, NginxConfigError, ConnectTimeoutError, QueueFullError, QueueTimeoutError, AgentClosedError, } from '../errors';
//# sourceMappingURL=index.d.ts.map