// Where the tests find Redis, and whether they can: a real server (REDIS_URL, default redis://127.0.0.1:6379;
// .ci/run starts one on loopback). Without one, the tests that need it are skipped, unless CI=true, where
// they fail instead.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis server of the tests. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers at {@link REDIS_URL}: one PING, given up on after a second. */
async function probe(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const reachable = await probe();
if (!reachable && process.env.CI === 'true') {
  throw new Error(`Redis is not reachable at ${REDIS_URL}, and CI=true requires it: .ci/run starts one on loopback (redis-server from Debian's package)`);
}

/**
 * Whether the tests that need Redis are skipped, for `describe.skipIf`: only when Redis cannot be reached
 * and CI is not set (CI fails above instead).
 */
export const noRedis = !reachable;

/** The suffix of a suite's name that says why it is skipped, when it is. */
export const redisNote = noRedis ? ` (skipped: no Redis at ${REDIS_URL}; start one, see the README's Development section)` : '';

/** A queue name no other test (of this run or another engineer's) uses. */
export function uniqueName(label: string): string {
  return `llmc-test-${label}-${randomBytes(4).toString('hex')}`;
}
