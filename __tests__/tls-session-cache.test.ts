import tls from 'node:tls';
import { TlsSessionCache } from '../lib/tls-session-cache';
import { sessionExpiresAt } from '../lib/tls-session-expiry';
import { tlsMaterial } from './helpers/certs';
import { TestServer } from './helpers/server';

/** One real session from a real handshake, with the server's ticket lifetime set to `timeout` s. */
async function realSession(version: 'TLSv1.2' | 'TLSv1.3', timeout: number): Promise<Buffer> {
  const server = await TestServer.start({ protocol: 'https', tls: { minVersion: version, maxVersion: version, sessionTimeout: timeout } });
  try {
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, ca: (await tlsMaterial()).cert });
    const session = await new Promise<Buffer>((resolve, reject) => {
      socket.once('session', resolve);
      socket.once('error', reject);
      socket.once('secureConnect', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      socket.resume();
    });
    socket.destroy();
    return session;
  } finally {
    await server.close();
  }
}

describe('TLS session expiry read from the session', () => {
  test.each(['TLSv1.2', 'TLSv1.3'] as const)('%s: made-at + announced lifetime', async (version) => {
    const before = Date.now();
    const session = await realSession(version, 120);
    const expires = sessionExpiresAt(session)!;
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 119_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 121_000);
  });

  test('unreadable input gives undefined, never a throw', () => {
    for (const bad of [Buffer.alloc(0), Buffer.from([0x30]), Buffer.from([0x30, 0x84, 0xff]), Buffer.from('not a session')]) {
      expect(sessionExpiresAt(bad)).toBeUndefined();
    }
  });
});

describe('TlsSessionCache', () => {
  test('least recently used is evicted, and get() counts as a use', () => {
    const cache = new TlsSessionCache(2);
    const a = Buffer.from('a');
    cache.set('A', a);
    cache.set('B', Buffer.from('b'));
    expect(cache.get('A')).toBe(a); // A is now the most recently used
    cache.set('C', Buffer.from('c'));
    expect(cache.keys().sort()).toEqual(['A', 'C']);
  });

  test('a session is refreshed in place and dropped only if it is still the one stored', () => {
    const cache = new TlsSessionCache(2);
    const old = Buffer.from('old');
    const fresh = Buffer.from('fresh');
    cache.set('A', old);
    cache.set('A', fresh);
    cache.delete('A', old);
    expect(cache.peek('A')).toBe(fresh);
    cache.delete('A', fresh);
    expect(cache.size).toBe(0);
  });

  test('an entry does not outlive the lifetime the server announced', async () => {
    const session = await realSession('TLSv1.3', 1);
    const cache = new TlsSessionCache(10);
    cache.set('A', session);
    expect(cache.get('A')).toBe(session);
    await new Promise((r) => setTimeout(r, 1100));
    expect(cache.get('A')).toBeUndefined();
  });

  test('0 disables the cache', () => {
    const cache = new TlsSessionCache(0);
    cache.set('A', Buffer.from('a'));
    expect(cache.get('A')).toBeUndefined();
  });
});
