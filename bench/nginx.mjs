// NGINX as a contender: the reference the package's semantics come from. Used only when an
// `nginx` binary is found (Debian: `apt-get install nginx-light`); the benchmark skips it
// otherwise. One process (`master_process off`), as a single Node proxy is one process, with
// `keepalive 32` in the upstream block and every other upstream keepalive setting at NGINX's
// defaults (keepalive_requests 1000, keepalive_timeout 60s, keepalive_time 1h).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { procUsage } from './sys.mjs';

const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx', '/usr/bin/nginx'];

/** The nginx binary and its version, or null when there is none. */
export function findNginx() {
  const fromPath = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout?.trim();
  for (const bin of [fromPath, ...CANDIDATES]) {
    if (!bin) continue;
    try {
      accessSync(bin, constants.X_OK);
    } catch {
      continue;
    }
    const v = spawnSync(bin, ['-v'], { encoding: 'utf8' });
    if (v.status === 0) return { bin, version: (v.stderr || v.stdout).trim().replace(/^nginx version:\s*/, '') };
  }
  return null;
}

/** A free loopback port (NGINX cannot listen on port 0 and report it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.on('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.on('error', () => resolve(false));
  });
}

/**
 * Starts NGINX proxying 127.0.0.1:<port> to `target` (http or https URL); `keepaliveRequests`
 * sets the upstream block's `keepalive_requests` (NGINX's default, 1000, otherwise).
 * @returns {{ port, pid, usage(): {cpuMicros, maxRssKiB}, upstreamErrors(): {errors, errorCodes}, stop(): Promise<void> }}
 */
export async function startNginx(nginx, target, dir, { keepaliveRequests } = {}) {
  const url = new URL(target);
  const tls = url.protocol === 'https:';
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const port = await freePort();
  const conf = `
daemon off;
master_process off;
worker_processes 1;
error_log ${join(dir, 'error.log')} warn;
pid ${join(dir, 'nginx.pid')};
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'tmp/body')};
  proxy_temp_path ${join(dir, 'tmp/proxy')};
  fastcgi_temp_path ${join(dir, 'tmp/fastcgi')};
  uwsgi_temp_path ${join(dir, 'tmp/uwsgi')};
  scgi_temp_path ${join(dir, 'tmp/scgi')};
  # Client side: like the Node proxy's server (no per-connection request limit).
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  upstream backend {
    server ${url.hostname}:${url.port};
    keepalive 32;${keepaliveRequests ? `\n    keepalive_requests ${keepaliveRequests};` : ''}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass ${tls ? 'https' : 'http'}://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      ${tls ? 'proxy_ssl_session_reuse on;' : ''}
    }
  }
}
`;
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const child = spawn(nginx.bin, ['-p', dir, '-e', join(dir, 'error.log'), '-c', confFile], { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', () => {
    exited = true;
    resolve();
  }));
  for (let i = 0; i < 200 && !exited; i++) {
    if (await canConnect(port)) break;
    await sleep(10);
  }
  if (exited) throw new Error(`nginx exited at start; see ${join(dir, 'error.log')}`);
  return {
    port,
    pid: child.pid,
    usage: () => procUsage(child.pid),
    upstreamErrors: () => upstreamErrors(join(dir, 'error.log')),
    stop: async () => {
      if (!exited) child.kill('SIGQUIT'); // graceful shutdown
      await Promise.race([exit, sleep(3000)]);
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
  };
}

/**
 * Upstream failures NGINX logged (level error or above, mentioning the upstream): what it saw
 * go wrong on its upstream connections, whether or not it then retried the request
 * (proxy_next_upstream) and the client got an answer.
 */
function upstreamErrors(file) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { errors: 0, errorCodes: {} };
  }
  const errorCodes = {};
  let errors = 0;
  for (const line of text.split('\n')) {
    if (!/\[(error|crit|alert|emerg)\]/.test(line) || !line.includes('upstream')) continue;
    errors++;
    // e.g. "... recv() failed (104: Connection reset by peer) while reading response header from upstream, ..."
    const m = /\] \d+#\d+: \*\d+ (.+?)(?: while |, client)/.exec(line);
    const key = m ? m[1] : 'upstream error';
    errorCodes[key] = (errorCodes[key] ?? 0) + 1;
  }
  return { errors, errorCodes };
}
