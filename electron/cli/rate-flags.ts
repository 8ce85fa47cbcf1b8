/** `--rate-limit N` and `--allowed-rate-limit N` for the long-running commands: the approval queue's admission budgets. */
import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_ALLOWED_RATE_LIMIT, DEFAULT_RATE_LIMIT, type RateLimitOptions } from '../core/requests/rate-limit';

/** A positive number of requests per second (fractions allowed: 0.5 is one request every two seconds). */
export function parseRate(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || !(n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function rateLimitOption(): Option {
  return new Option(
    '--rate-limit <per-second>',
    `requests per second each source may send, with as many at once (unverified requests share one budget per subject or server; default ${DEFAULT_RATE_LIMIT.perSecond})`,
  ).argParser(parseRate);
}

export function allowedRateLimitOption(): Option {
  return new Option(
    '--allowed-rate-limit <per-second>',
    `requests per second a verified requester may send when a policy rule allows its request: its own budget, apart from --rate-limit (default ${DEFAULT_ALLOWED_RATE_LIMIT.perSecond})`,
  ).argParser(parseRate);
}

/** The queue's rate limit from the flag; undefined keeps the queue's default. */
export function rateLimitFrom(perSecond: number | undefined): RateLimitOptions | undefined {
  return perSecond === undefined ? undefined : { perSecond, burst: Math.max(1, Math.ceil(perSecond)) };
}
