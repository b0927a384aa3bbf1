// TCP sockets in TIME_WAIT, for `npm run demo` (examples/demo.mjs): with `ss` where it is
// installed, else from /proc/net/tcp and /proc/net/tcp6 (TIME_WAIT_FROM=proc forces the latter).
// Not an example itself (the examples test skips paths that start with "_").
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const hasSs = process.env.TIME_WAIT_FROM !== 'proc' && spawnSync('ss', ['-V'], { stdio: 'ignore' }).status === 0;
export const timeWaitSource = hasSs ? 'ss -tan state time-wait' : '/proc/net/tcp{,6} (state 06)';

/**
 * TCP sockets in TIME_WAIT whose local or remote port is `port`, as "local remote" address pairs.
 * A port number gets reused, so a caller counts only the entries that were not there before.
 */
export function timeWaitEntries(port) {
  const suffix = `:${port}`;
  const entries = new Set();
  if (hasSs) {
    const out = execFileSync('ss', ['-tan', 'state', 'time-wait', `( sport = ${suffix} or dport = ${suffix} )`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    // Columns: Recv-Q Send-Q Local-Address:Port Peer-Address:Port.
    for (const line of out.split('\n')) {
      const cols = line.trim().split(/\s+/);
      if (cols.length >= 4 && (cols[2].endsWith(suffix) || cols[3].endsWith(suffix))) entries.add(`${cols[2]} ${cols[3]}`);
    }
    return entries;
  }
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    // sl local_address rem_address st ...: addresses as HEXIP:HEXPORT; st 06 is TIME_WAIT.
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== '06') continue;
      const local = parseInt(cols[1].split(':').pop(), 16);
      const remote = parseInt(cols[2].split(':').pop(), 16);
      if (local === port || remote === port) entries.add(`${cols[1]} ${cols[2]}`);
    }
  }
  return entries;
}

/** How many TIME_WAIT entries for `port` there are now that are not in `before`. */
export function newTimeWait(port, before) {
  return [...timeWaitEntries(port)].filter((key) => !before.has(key)).length;
}
