/**
 * The whole text `fromNginx` takes: `upstream NAME { … }` blocks (the `upstreams` option) and
 * keepalive directives, inside the blocks or outside them, read into one agent's options.
 * @module
 */
import { NginxConfigError } from '../errors';
import { parseNginxUpstreams } from '../upstreams/nginx-upstream';
import type { UpstreamsOptions } from '../upstreams/options';
import type { NginxKeepaliveOptions } from './nginx';

/** What `fromNginx` reads from its text. */
export interface NginxAgentOptions extends NginxKeepaliveOptions {
  /** The `upstream` blocks, when the text has any. */
  upstreams?: UpstreamsOptions;
}

const DIRECTIVE_OF: Readonly<Record<keyof NginxKeepaliveOptions, string>> = {
  maxIdleSockets: 'keepalive',
  idleTimeout: 'keepalive_timeout',
  maxRequestsPerSocket: 'keepalive_requests',
  maxSocketLifetime: 'keepalive_time',
};

/**
 * Reads NGINX configuration text into agent options. One agent keeps one pool for all its
 * groups: the `keepalive N` of several blocks add up (each block's connections may be cached,
 * as in NGINX, under one LRU), and every other keepalive directive given in several places
 * must say the same (an agent per block is the way to differ).
 * @throws {NginxConfigError} for anything the blocks' or the directives' parsers reject, and
 *   for keepalive directives that differ between blocks.
 */
export function parseNginxAgentConfig(text: string): NginxAgentOptions {
  const config = parseNginxUpstreams(text);
  const options: Record<string, number> = { ...config.keepalive };
  const from = new Map<string, number>();
  for (const block of config.blocks) {
    for (const [name, value] of Object.entries(block.keepaliveDirectives) as [keyof NginxKeepaliveOptions, number][]) {
      const before = options[name];
      if (before === undefined) options[name] = value;
      else if (name === 'maxIdleSockets' && from.has(name)) options[name] = before + value;
      else if (before !== value) {
        throw new NginxConfigError(
          `"${DIRECTIVE_OF[name]}" of upstream "${block.name}" differs from the one given before (line ${from.get(name) ?? 1}): ` +
            'one agent has one pool; give every block the same value, or build one agent per block',
          block.line,
        );
      }
      from.set(name, block.line);
    }
  }
  const result: NginxAgentOptions = options;
  if (config.blocks.length > 0) result.upstreams = config.upstreams;
  return result;
}
