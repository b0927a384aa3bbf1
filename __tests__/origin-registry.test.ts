import { HttpAgent } from '../lib';
import { request, TestServer } from './helpers/server';

describe('per-origin stats stay bounded', () => {
  test('past 1000 origins, idle origins are folded into the totals, which stay exact', async () => {
    const server = await TestServer.start();
    // Each local address is an origin of its own ("... from 127.0.x.y").
    const agent = new HttpAgent({ maxRequestsPerSocket: 1 });
    const n = 1010;
    try {
      for (let i = 0; i < n; i++) {
        const localAddress = `127.0.${2 + Math.floor(i / 250)}.${1 + (i % 250)}`;
        await request(agent, server.url, { localAddress });
      }
      await new Promise((r) => setTimeout(r, 50));
      const stats = agent.getStats();
      expect(Object.keys(stats.origins).length).toBeLessThanOrEqual(1000);
      expect(Object.keys(stats.origins).length).toBeGreaterThan(900);
      expect(stats).toMatchObject({ created: n, requests: n, active: 0, idle: 0 });
      expect(Object.values(stats.closed).reduce((a, b) => a + b, 0)).toBe(n);
      expect(Object.keys(stats.origins)).toContain(`http://127.0.0.1:${server.port} from 127.0.6.10`);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
