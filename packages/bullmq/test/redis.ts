// Where the tests find Redis, and whether they can: a real server (REDIS_URL, default redis://127.0.0.1:6379;
// .ci/run starts one on loopback). Without one, the tests that need it are skipped, unless CI=true, where
// they fail instead.
import { randomBytes } from 'node:crypto';
import { redisForTests } from '@llmcompiler/testing';

const redis = await redisForTests();

/** The Redis server of the tests. */
export const REDIS_URL = redis.url;

/**
 * Whether the tests that need Redis are skipped, for `describe.skipIf`: only when Redis cannot be reached
 * and CI is not set (CI fails instead).
 */
export const noRedis = !redis.reachable;

/** The suffix of a suite's name that says why it is skipped, when it is. */
export const redisNote = redis.skipNote;

/** A queue name no other test (of this run or another engineer's) uses. */
export function uniqueName(label: string): string {
  return `llmc-test-${label}-${randomBytes(4).toString('hex')}`;
}
