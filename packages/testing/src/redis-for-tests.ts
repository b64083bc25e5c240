import { connect } from 'node:net';

/** The Redis server tests use, and whether it answers. */
export interface RedisForTests {
  /** `REDIS_URL`, or `redis://127.0.0.1:6379`. */
  readonly url: string;
  /** Whether it answered a `PING`. */
  readonly reachable: boolean;
  /**
   * For a suite's name: `''` when Redis answers, else why the suite is skipped
   * (` (skipped: no Redis at redis://127.0.0.1:6379; ...)`).
   */
  readonly skipNote: string;
}

/**
 * Finds the Redis server of the tests (`REDIS_URL`, default `redis://127.0.0.1:6379`) with one `PING` over a
 * plain socket, given up on after a second. Tests that need Redis skip without one (`describe.skipIf(!reachable)`),
 * except under `CI=true`, where a missing server is an error: there it must run.
 *
 * @throws {Error} under `CI=true` when nothing answers, naming the address.
 *
 * @example
 * ```ts
 * const redis = await redisForTests();
 * describe.skipIf(!redis.reachable)(`the queue${redis.skipNote}`, () => { ... });
 * ```
 */
export async function redisForTests({ url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }: { url?: string } = {}): Promise<RedisForTests> {
  const reachable = await ping(url);
  if (!reachable && process.env.CI === 'true') {
    throw new Error(`Redis is not reachable at ${url}, and CI=true requires it: .ci/run starts one on loopback (redis-server from Debian's package)`);
  }
  return { url, reachable, skipNote: reachable ? '' : ` (skipped: no Redis at ${url}; start one, see the README's Development section)` };
}

/** Whether a Redis server answers `PING` at `url` within a second (a password in the URL is sent first). */
function ping(url: string): Promise<boolean> {
  const { hostname, port, password, username } = new URL(url);
  const commands = password === '' ? '' : command(username === '' ? ['AUTH', decodeURIComponent(password)] : ['AUTH', decodeURIComponent(username), decodeURIComponent(password)]);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) });
    let reply = '';
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write(commands + command(['PING'])));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('+PONG\r\n')) done(true);
      else if (reply.startsWith('-') || reply.includes('\r\n-')) done(false);
    });
  });
}

/** A command in Redis's wire format. */
function command(parts: readonly string[]): string {
  return `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
}
