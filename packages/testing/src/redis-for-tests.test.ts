// The Redis probe of the tests, against servers of its own on loopback: a socket that answers like Redis,
// one that answers an error, and a port nothing listens on.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { redisForTests } from './redis-for-tests.js';

/** A TCP server on loopback that answers every chunk with `reply`, and what it received. */
async function fakeRedis(reply: string): Promise<{ url: string; received: () => string; server: Server }> {
  let received = '';
  const server = createServer((socket) => {
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('PING')) socket.write(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `redis://127.0.0.1:${port}`, received: () => received, server };
}

async function freePort(): Promise<number> {
  const { server, url } = await fakeRedis('');
  await new Promise((resolve) => server.close(resolve));
  return Number(new URL(url).port);
}

describe('redisForTests', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    vi.unstubAllEnvs();
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('finds a server that answers PONG, sending the password of the URL first', async () => {
    const fake = await fakeRedis('+OK\r\n+PONG\r\n');
    servers.push(fake.server);
    const url = fake.url.replace('redis://', 'redis://:s3cret@');
    expect(await redisForTests({ url })).toEqual({ url, reachable: true, skipNote: '' });
    expect(fake.received()).toBe('*2\r\n$4\r\nAUTH\r\n$6\r\ns3cret\r\n*1\r\n$4\r\nPING\r\n');
  });

  it('says why tests skip when nothing answers, or the server refuses', async () => {
    vi.stubEnv('CI', '');
    const url = `redis://127.0.0.1:${await freePort()}`;
    expect(await redisForTests({ url })).toEqual({ url, reachable: false, skipNote: ` (skipped: no Redis at ${url}; start one, see the README's Development section)` });
    const refusing = await fakeRedis('-NOAUTH Authentication required.\r\n');
    servers.push(refusing.server);
    expect((await redisForTests({ url: refusing.url })).reachable).toBe(false);
  });

  it('throws under CI=true when nothing answers', async () => {
    vi.stubEnv('CI', 'true');
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(redisForTests({ url })).rejects.toThrow(`Redis is not reachable at ${url}, and CI=true requires it`);
  });
});
