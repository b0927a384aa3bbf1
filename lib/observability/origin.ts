import type { ClientRequestArgs } from 'node:http';

/**
 * A readable origin for stats and events: `scheme://host:port`, with (for TLS) the SNI
 * servername in place of the host when the two differ (two virtual hosts on one address are two origins),
 * and `from <localAddress>` / `via <socketPath>` when those are set. Node's own pool key
 * (`agent.getName()`) is finer: for `HttpsAgent` it also holds every TLS option, certificates
 * included, which makes it unfit to print; pools that differ only in TLS options share one
 * origin entry in the stats.
 */
/**
 * The key under which connect options may carry their origin's label (a server of an upstream
 * group is labelled by its address, not by the group's name its TLS servername holds).
 */
const kOriginLabel: unique symbol = Symbol('upstream-keepalive.originLabel');
export { kOriginLabel };

export function originLabel(protocol: string, options: ClientRequestArgs & { servername?: string; [kOriginLabel]?: string }): string {
  const given = options[kOriginLabel];
  if (given !== undefined) return given;
  // Node sets `servername` from the Host header for every agent; it names a different origin
  // only for TLS, where it is the SNI name the server sees.
  const sni = protocol === 'https:' ? options.servername : undefined;
  const host = sni || options.host || options.hostname || 'localhost';
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const port = options.port ?? options.defaultPort ?? (protocol === 'https:' ? 443 : 80);
  let label = `${protocol}//${shownHost}:${port}`;
  if (options.localAddress) label += ` from ${options.localAddress}`;
  if (options.socketPath) label += ` via ${options.socketPath}`;
  return label;
}
