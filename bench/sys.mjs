// What the benchmark reads from the operating system: TIME_WAIT sockets (with `ss` when it is
// installed, else from /proc/net/tcp and /proc/net/tcp6), the CPU time and peak memory of a
// process that is not Node (NGINX) from /proc/<pid>/, and a description of the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

let timeWaitMethod;

/**
 * 'ss' when `ss` runs here, else 'proc' (decided once, at the first call). The environment
 * variable TIME_WAIT_FROM=proc forces /proc, to exercise that path where `ss` is installed.
 */
export function timeWaitSource() {
  if (timeWaitMethod === undefined) {
    const probe = process.env.TIME_WAIT_FROM === 'proc' ? { status: 1 } : spawnSync('ss', ['-V'], { stdio: 'ignore' });
    timeWaitMethod = probe.status === 0 ? 'ss' : 'proc';
  }
  return timeWaitMethod;
}

/**
 * TCP sockets in TIME_WAIT whose local or remote port is `port`, as a set of
 * "local remote" address pairs. A port number is reused: a run counts the entries that were not
 * there when its backend started (see `newTimeWait`), so that leftovers of an earlier run whose
 * ephemeral port happened to be this number are not counted.
 */
export function timeWaitEntries(port) {
  return timeWaitSource() === 'ss' ? entriesWithSs(port) : entriesWithProc(port);
}

/** TIME_WAIT entries for `port` now that are not in `baseline`: their count and a few of them. */
export function newTimeWait(port, baseline) {
  const fresh = [...timeWaitEntries(port)].filter((key) => !baseline.has(key));
  return { count: fresh.length, sample: fresh.slice(0, 3) };
}

function entriesWithSs(port) {
  const out = execFileSync('ss', ['-tan', 'state', 'time-wait', `( sport = :${port} or dport = :${port} )`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // Columns: Recv-Q Send-Q Local-Address:Port Peer-Address:Port (the header line has no ':port').
  const entries = new Set();
  for (const line of out.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 4 && (cols[2].endsWith(`:${port}`) || cols[3].endsWith(`:${port}`))) entries.add(`${cols[2]} ${cols[3]}`);
  }
  return entries;
}

/** /proc/net/tcp{,6}: `sl local_address rem_address st ...`, addresses as HEXIP:HEXPORT, state 06 = TIME_WAIT. */
export function entriesWithProc(port) {
  const entries = new Set();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // no IPv6 in this kernel
    }
    const lines = text.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const cols = lines[i].trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '06') continue;
      const local = parseInt(cols[1].slice(cols[1].lastIndexOf(':') + 1), 16);
      const remote = parseInt(cols[2].slice(cols[2].lastIndexOf(':') + 1), 16);
      if (local === port || remote === port) entries.add(`${cols[1]} ${cols[2]}`);
    }
  }
  return entries;
}

let clockTicks;
function ticksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time (user + system, µs) and peak RSS (KiB) of a process, from /proc/<pid>/stat and status. */
export function procUsage(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: fields are counted after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  return { cpuMicros: ((utime + stime) * 1e6) / ticksPerSecond(), maxRssKiB: hwm ? Number(hwm[1]) : null };
}

/** The machine, for the report. */
export function machine() {
  let model = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1].trim();
  } catch {
    // not Linux: os.cpus() is all there is
  }
  return {
    cores: os.availableParallelism?.() ?? os.cpus().length,
    model,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export function loadAverage() {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

/**
 * The whole machine's CPU time so far, from /proc/stat: busy and total, in µs of CPU time
 * (all cores together). Differences between two readings give the CPU the machine spent
 * meanwhile; null where /proc/stat does not exist.
 */
export function machineCpu() {
  let line;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (clock ticks)
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const tick = 1e6 / ticksPerSecond();
  return { busyMicros: (total - idle) * tick, totalMicros: total * tick };
}

/**
 * Waits until the machine is quiet: the share of all cores busy over `sampleMs` is under
 * `threshold`, or `maxWaitMs` has passed. Returns the last share measured and the time waited.
 */
export async function settle({ threshold = 0.1, sampleMs = 500, maxWaitMs = 20_000 } = {}) {
  const started = Date.now();
  for (;;) {
    const a = machineCpu();
    if (a === null) return { busyShare: null, waitedMs: 0 };
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    const b = machineCpu();
    const share = (b.busyMicros - a.busyMicros) / Math.max(1, b.totalMicros - a.totalMicros);
    if (share < threshold || Date.now() - started >= maxWaitMs) return { busyShare: share, waitedMs: Date.now() - started };
  }
}
