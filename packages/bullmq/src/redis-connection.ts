import type { OptionChecks } from '@llmcompiler/core/internal';
import { Redis, type RedisOptions } from 'ioredis';

/** How the package's functions are told where Redis is: a `redis://` URL, or ioredis options. */
export type RedisConnection = string | RedisOptions;

/** Checks a `connection` option: a URL string or an object of ioredis options (which ioredis checks itself). */
export function checkConnection(check: OptionChecks, connection: unknown): RedisConnection {
  if (typeof connection !== 'string') check.object('connection', connection, 'a redis:// URL or ioredis options');
  return connection as RedisConnection;
}

/** A new ioredis client for `connection`, with `settings` over the user's options. */
export function openRedis(connection: RedisConnection, settings: RedisOptions): Redis {
  return typeof connection === 'string' ? new Redis(connection, settings) : new Redis({ ...connection, ...settings });
}
